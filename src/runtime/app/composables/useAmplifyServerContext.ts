import type { AmplifyContext } from 'aws-amplify'
import { useNuxtApp } from '#imports'

/**
 * During server rendering: the request's Amplify context (the same one server routes get), for
 * `aws-amplify/<category>/server` APIs in setup, plugins and route middleware. In the browser there
 * is no request context: call the client APIs, which use the configured global Amplify.
 */
export function useAmplifyServerContext(): AmplifyContext {
  const provider = useNuxtApp().$amplifyServerContext as (() => AmplifyContext) | undefined
  if (import.meta.client || !provider) {
    throw new Error('[nuxt-amplify] useAmplifyServerContext() works only during server rendering. In the browser, call the aws-amplify client APIs directly (or guard with import.meta.server).')
  }
  return provider()
}
