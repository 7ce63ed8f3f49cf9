import * as amplifyAuth from 'aws-amplify/auth'
import { useRuntimeConfig } from '#imports'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { currentBrowserSession } from '../lib/browser-session'
import { routeAuthFlows, type RouteAuthFlows } from '../lib/route-auth-flows'
import { signInWithRedirect, signOutWithRedirect, signUpWithRedirect } from '../lib/managed-login'
import { passkeyManagement, type PasskeyManagement } from '../lib/passkey-management'

/** Managed login (OAuth): through the module's routes when they are on, else Amplify's own redirect flow. */
export interface ManagedLoginFlows {
  signInWithRedirect: typeof signInWithRedirect
  signUpWithRedirect: typeof signUpWithRedirect
  signOutWithRedirect: typeof signOutWithRedirect
}
export type AmplifyAuth = RouteAuthFlows & ManagedLoginFlows & PasskeyManagement

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
  const flows = session?.server ? routeAuthFlows(session, session.server, runtime.authRoutes.prefix) : amplifyOwnFlows()
  return { ...flows, ...managedLoginFlows(runtime.authRoutes.enabled), ...passkeyManagement }
}

/**
 * With the auth routes on (always with server sessions), the server keeps the PKCE proofs and writes
 * the session, so the page after the callback renders signed in. Without them, Amplify's own
 * `signInWithRedirect` in the browser (the input's `redirect` and `lang` then do not apply).
 */
function managedLoginFlows(routesEnabled: boolean): ManagedLoginFlows {
  if (routesEnabled) return { signInWithRedirect, signUpWithRedirect, signOutWithRedirect }
  return {
    signInWithRedirect: ({ provider, customState } = {}) => {
      void amplifyAuth.signInWithRedirect({ provider: provider as amplifyAuth.SignInWithRedirectInput['provider'], customState })
    },
    // Amplify has no sign-up redirect: its managed login page links to sign-up.
    signUpWithRedirect: () => {
      void amplifyAuth.signInWithRedirect()
    },
    signOutWithRedirect: () => {
      void amplifyAuth.signOut()
    },
  }
}

/** Browser sessions (and the server render, where nothing is called): Amplify's own functions. */
function amplifyOwnFlows(): RouteAuthFlows {
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
    rememberDevice: amplifyAuth.rememberDevice,
    forgetDevice: amplifyAuth.forgetDevice,
    fetchDevices: amplifyAuth.fetchDevices,
  }
}
