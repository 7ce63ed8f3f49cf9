import * as amplifyAuth from 'aws-amplify/auth'
import { currentBrowserSession } from './browser-session'
import { routeAuthFlows, type RouteAuthFlows } from './route-auth-flows'

/**
 * `aws-amplify/auth` as Amplify UI's packages see it (src/amplify-ui-seam.ts points their imports
 * here): everything is Amplify's own, except the sign-in, sign-up and password-reset flows, which
 * go to the module's auth routes while the page runs with server sessions.
 *
 * Why: the Authenticator calls some steps straight from `aws-amplify/auth`, not through its
 * `services` prop (@aws-amplify/ui 6.15: `confirmSignIn` for a new password, `autoSignIn` after a
 * confirmed sign-up, `resetPassword` when Cognito asks for one at sign-in). With server sessions only
 * the server holds the sign-in's Cognito session, so Amplify's browser functions cannot answer them.
 * Here they take the same path as the module's useAmplifyAuth(), whatever the component passes.
 * Browser sessions (no server controls): Amplify's functions, untouched. Everything else here reads
 * the user's tokens (fetchUserAttributes, the attribute verification, passkeys), which the browser's
 * Amplify gets from the server in both modes; `signOut` ends the server session through
 * lib/sign-out-bridge.ts, as for any other caller.
 */
export * from 'aws-amplify/auth'

type RoutedFlow = Exclude<keyof RouteAuthFlows, 'signOut'>

/** Amplify's function `name`, or the route's while this page runs with server sessions (decided per call). */
function routed<K extends RoutedFlow>(name: K): typeof amplifyAuth[K] {
  const call = (...args: unknown[]) => {
    const session = currentBrowserSession()
    const flow = session?.server
      ? routeAuthFlows(session, session.server, session.server.authRoutesPrefix)[name]
      : amplifyAuth[name]
    return (flow as (...input: unknown[]) => unknown)(...args)
  }
  return call as unknown as typeof amplifyAuth[K]
}

export const signIn: typeof amplifyAuth.signIn = routed('signIn')
export const confirmSignIn: typeof amplifyAuth.confirmSignIn = routed('confirmSignIn')
export const signUp: typeof amplifyAuth.signUp = routed('signUp')
export const confirmSignUp: typeof amplifyAuth.confirmSignUp = routed('confirmSignUp')
export const autoSignIn: typeof amplifyAuth.autoSignIn = routed('autoSignIn')
export const resendSignUpCode: typeof amplifyAuth.resendSignUpCode = routed('resendSignUpCode')
export const resetPassword: typeof amplifyAuth.resetPassword = routed('resetPassword')
export const confirmResetPassword: typeof amplifyAuth.confirmResetPassword = routed('confirmResetPassword')
