import type { AmplifyContext } from 'aws-amplify'
// `getGlobalContext` is not re-exported by `aws-amplify`, but `@aws-amplify/core` is the package
// `aws-amplify` is built on (and reads the global context from), so it is always installed with it.
// A namespace import, because aws-amplify before 6.22 has no such export and a named import would
// fail the app's build there.
import * as core from '@aws-amplify/core'
import { useAmplifyServerContext } from './useAmplifyServerContext'

/**
 * The Amplify context for the side this code runs on: the request's context during server rendering,
 * the configured browser context in the browser. Amplify 6.22's client APIs (`aws-amplify/auth`,
 * `aws-amplify/api`, `aws-amplify/storage`, …) take a context as their first argument, so one call
 * site works on both sides:
 *
 * ```ts
 * import { fetchUserAttributes } from 'aws-amplify/auth'
 * const amplify = useAmplifyContext()
 * const { data } = await useAsyncData('attributes', () => fetchUserAttributes(amplify))
 * ```
 *
 * Call it in `setup`, a plugin or a middleware (it needs the Nuxt app), not after an `await`.
 */
export function useAmplifyContext(): AmplifyContext {
  // `import.meta.server` is a build-time constant: the browser bundle keeps only the second branch.
  if (import.meta.server) return useAmplifyServerContext()
  const getGlobalContext = (core as Partial<typeof core>).getGlobalContext
  if (!getGlobalContext) throw new Error('[nuxt-amplify] useAmplifyContext() in the browser needs aws-amplify 6.22 or newer. Call the client APIs without a context instead.')
  return getGlobalContext()
}
