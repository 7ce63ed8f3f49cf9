import type { AmplifyContext } from 'aws-amplify'
import { createGuestAmplifyContext } from '../context/guest-context'
import { amplifyRuntimeConfig } from '../context/runtime-config'

/**
 * An Amplify context with no request behind it, for Nitro tasks, scheduled jobs and other server
 * code that has no event: `list(createAmplifyGuestContext(), { path: 'public/' })`. It never reads
 * or writes cookies and is never signed in; it gets guest credentials when the identity pool allows
 * guests. A new context (and guest identity) per call: create one per job, not per API call.
 */
export function createAmplifyGuestContext(): AmplifyContext {
  return createGuestAmplifyContext(amplifyRuntimeConfig())
}
