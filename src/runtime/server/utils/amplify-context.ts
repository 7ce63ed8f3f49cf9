import type { H3Event } from 'h3'
import type { AmplifyContext } from 'aws-amplify'
import { getRequestAmplifyContext } from '../context/create-context'
import { amplifyRuntimeConfig } from '../context/runtime-config'

/**
 * The Amplify context of this request, for the `aws-amplify/<category>/server` APIs:
 * `getCurrentUser(useAmplifyServerContext(event))`. Built on first use and cached on
 * `event.context.amplify`, so every call in one request shares one context (one token refresh at
 * most), and nothing is shared with any other request.
 */
export function useAmplifyServerContext(event: H3Event): AmplifyContext {
  return getRequestAmplifyContext(event, amplifyRuntimeConfig())
}

/**
 * The Amplify docs' callback style: runs `operation` with this request's context and returns its
 * result. Same context as `useAmplifyServerContext(event)`; there is nothing to tear down.
 */
export async function runWithAmplifyServerContext<T>(event: H3Event, operation: (context: AmplifyContext) => T | Promise<T>): Promise<T> {
  return await operation(useAmplifyServerContext(event))
}
