import type { H3Event } from 'h3'
import { generateClient } from 'aws-amplify/data'
import { useRuntimeConfig } from '#imports'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { createDataClient, type AmplifyDataClient, type AmplifyDataClientOptions, type DataSchema } from '../../shared/data-client'
import { useAmplifyServerContext } from './useAmplifyServerContext'

// The browser's default client: one per page load, bound to the configured global Amplify.
let browserClient: unknown

/**
 * The typed Gen2 Data client in Vue code: `await useAmplifyDataClient<Schema>().models.Todo.list()`.
 * During server rendering it runs with the request's context (the same one server routes get), in
 * the browser with the configured global Amplify, so one `useAsyncData` works on both sides.
 * Subscriptions (`observeQuery`, `onCreate`) exist only in the browser: use `generateClient()` there.
 */
export function useAmplifyDataClient<Schema extends DataSchema = never>(options?: AmplifyDataClientOptions): AmplifyDataClient<Schema>
/**
 * The server routes' form, `useAmplifyDataClient<Schema>(event, options?)`. Nuxt 3's root tsconfig
 * type-checks `server/` with the app's auto-import declarations, so it must type-check here too (as
 * Nuxt's own `useRuntimeConfig(event?)` does). A page renders one request: the event adds nothing.
 */
export function useAmplifyDataClient<Schema extends DataSchema = never>(event: H3Event | undefined, options?: AmplifyDataClientOptions): AmplifyDataClient<Schema>
export function useAmplifyDataClient<Schema extends DataSchema = never>(...args: [AmplifyDataClientOptions?] | [H3Event | undefined, AmplifyDataClientOptions?]): AmplifyDataClient<Schema> {
  // An h3 event carries `context` (in h3 v1 and v2 alike; `node` is gone in v2); Data client options never do.
  const options = (args.length > 1 || (args[0] && 'context' in args[0]) ? args[1] : args[0]) as AmplifyDataClientOptions | undefined
  if (import.meta.server) {
    const config = resolveResourcesConfig(useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig)
    return createDataClient<Schema>(useAmplifyServerContext(), config, options)
  }
  // The browser client has everything the server one has (plus subscriptions), under another type name.
  if (options && Object.keys(options).length) return generateClient(options as never) as unknown as AmplifyDataClient<Schema>
  browserClient ??= generateClient()
  return browserClient as AmplifyDataClient<Schema>
}
