import type { H3Event } from 'h3'
import type { AmplifyContext, ResourcesConfig } from 'aws-amplify'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { createDataClient, type AmplifyDataClient, type AmplifyDataClientOptions, type DataSchema } from '../../shared/data-client'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { useAmplifyServerContext } from './amplify-context'

export type { AmplifyDataClient, AmplifyDataClientOptions, DataSchema } from '../../shared/data-client'

// The process-wide runtime config (runtime-config.ts): resolved once, not cloned per request.
function appConfig(): ResourcesConfig {
  return resolveResourcesConfig(amplifyRuntimeConfig())
}

/**
 * The typed Gen2 Data client of this request: `useAmplifyDataClient<Schema>(event).models.Todo.list()`.
 * Its calls run with the request's context (the signed-in user's tokens, or guest credentials), so
 * nothing needs passing per call. Without options the client is built once per request.
 */
export function useAmplifyDataClient<Schema extends DataSchema = never>(event: H3Event, options?: AmplifyDataClientOptions): AmplifyDataClient<Schema> {
  return createDataClient<Schema>(useAmplifyServerContext(event), appConfig(), options)
}

/**
 * The typed Data client for any context, e.g. `createAmplifyGuestContext()` in a Nitro task.
 * In a request, prefer `useAmplifyDataClient(event)`.
 */
export function createAmplifyDataClient<Schema extends DataSchema = never>(context: AmplifyContext, options?: AmplifyDataClientOptions): AmplifyDataClient<Schema> {
  return createDataClient<Schema>(context, appConfig(), options)
}
