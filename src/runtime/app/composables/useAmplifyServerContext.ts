import type { H3Event } from 'h3'
import type { AmplifyContext } from 'aws-amplify'
import { useNuxtApp } from '#imports'

/**
 * During server rendering: the request's Amplify context (the same one server routes get), for
 * `aws-amplify/<category>/server` APIs in setup, plugins and route middleware. In the browser there
 * is no request context: call the client APIs, which use the configured global Amplify.
 *
 * It takes the server routes' `event` too, and ignores it (a page renders one request, whose context
 * this is), as Nuxt's own `useRuntimeConfig(event?)` does: Nuxt 3's root tsconfig type-checks
 * `server/` with the app's auto-import declarations, so `useAmplifyServerContext(event)` in a route
 * must type-check against this signature as well as against server/utils/amplify-context.ts.
 */
export function useAmplifyServerContext(_event?: H3Event): AmplifyContext {
  const provider = useNuxtApp().$amplifyServerContext as (() => AmplifyContext) | undefined
  if (import.meta.client || !provider) {
    throw new Error('[nuxt-amplify] useAmplifyServerContext() works only during server rendering. In the browser, call the aws-amplify client APIs directly (or guard with import.meta.server).')
  }
  return provider()
}
