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
 * - Server sessions (`session: 'server'`): each call goes to the module's auth route; the server
 *   talks to Cognito and writes the session cookies, HttpOnly. Browser-side Amplify and
 *   `useAmplifyUser()` follow without a reload.
 * - Browser sessions (the default): each call is Amplify's own function, so Amplify's documented
 *   browser flows stay exactly as they are (also with `authRoutes: true`, whose routes then serve
 *   plain form posts and server code).
 *
 * Browser only: call the functions from event handlers or `onMounted`, not during the server render.
 */
export function useAmplifyAuth(): AmplifyAuth {
  const runtime = useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
  const session = import.meta.client ? currentBrowserSession() : undefined
  if (session?.mode === 'server') return routeAuthFlows(session, runtime.authRoutes.prefix)
  return amplifyOwnFlows()
}

/** Browser sessions (and the server render, where nothing is called): Amplify's own functions. */
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
