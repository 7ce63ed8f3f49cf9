import * as amplifyAuth from 'aws-amplify/auth'
import { useRuntimeConfig } from '#imports'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { currentBrowserSession } from '../lib/browser-session'
import { routeAuthFlows, type RouteAuthFlows } from '../lib/route-auth-flows'

export type AmplifyAuth = RouteAuthFlows

/**
 * Sign-in, sign-up, password reset and sign-out for browser code, with the inputs, results
 * (`{ isSignedIn, nextStep }`, …), Hub events and `AuthError` names of `aws-amplify/auth`: code
 * written for Amplify's client APIs moves over by changing its import.
 *
 * - With the module's auth routes on (always with `session: 'server'`, or `authRoutes: true`), each
 *   call goes to its route: the server talks to Cognito and writes the session cookies, HttpOnly
 *   with server sessions. Browser-side Amplify and `useAmplifyUser()` follow without a reload.
 * - Without them (browser sessions, the default), each call is Amplify's own function: the browser
 *   talks to Cognito and writes the cookies, as before.
 *
 * Browser only: call the functions from event handlers or `onMounted`, not during the server render.
 */
export function useAmplifyAuth(): AmplifyAuth {
  const runtime = useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
  const session = import.meta.client ? currentBrowserSession() : undefined
  if (session && runtime.authRoutes.enabled) return routeAuthFlows(session, runtime.authRoutes.prefix)
  if (import.meta.client && runtime.session === 'server') {
    // Only without Auth in the config: there is no session to sign in to.
    throw new Error('[nuxt-amplify] useAmplifyAuth() needs an `Auth` section in the Amplify config.')
  }
  return amplifyOwnFlows()
}

/** Browser sessions without routes (and the server render, where nothing is called): Amplify's own functions. */
function amplifyOwnFlows(): AmplifyAuth {
  return {
    signIn: amplifyAuth.signIn,
    confirmSignIn: amplifyAuth.confirmSignIn,
    signUp: amplifyAuth.signUp,
    confirmSignUp: amplifyAuth.confirmSignUp,
    autoSignIn: amplifyAuth.autoSignIn,
    resendSignUpCode: amplifyAuth.resendSignUpCode,
    resetPassword: amplifyAuth.resetPassword,
    confirmResetPassword: amplifyAuth.confirmResetPassword,
    signOut: amplifyAuth.signOut,
  }
}
