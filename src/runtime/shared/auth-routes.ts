// The module's auth routes, relative to `authRoutes.prefix` (default `/api/amplify`): one table that the
// server handlers, the browser composables, the docs and the tests all read, so a path is named once.
// Every POST route takes JSON (fetch) or a form post (application/x-www-form-urlencoded), accepts only
// same-origin requests, and answers errors as `{ statusCode, statusMessage, data: { name, message } }`
// with Cognito's error name in `data.name`.
export const AUTH_ROUTES = {
  /** POST { username, password, options?: { authFlowType?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' } } → SignInResult */
  signIn: 'sign-in',
  /** POST { challengeResponse, options?: { userAttributes? } } → SignInResult */
  confirmSignIn: 'confirm-sign-in',
  /** POST { username, password, options?: { userAttributes?, autoSignIn? } } → SignUpResult */
  signUp: 'sign-up',
  /**
   * POST { username, confirmationCode } → SignUpResult. Signed in when this browser's sign-up asked for
   * autoSignIn (or its sign-in found the user unconfirmed): `nextStep.signUpStep: 'COMPLETE_AUTO_SIGN_IN'`,
   * the session cookies already set, and `signInResult` (a SignInResult: DONE, or a further step such as MFA).
   */
  confirmSignUp: 'confirm-sign-up',
  /** POST { username } → { destination, deliveryMedium, attributeName } */
  resendSignUpCode: 'resend-sign-up-code',
  /** POST { username } → ResetPasswordResult: `{ isPasswordReset: false, nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails } }` */
  resetPassword: 'reset-password',
  /** POST { username, confirmationCode, newPassword } → {} */
  confirmResetPassword: 'confirm-reset-password',
  /** POST { global?: boolean } → {} ; revokes the refresh token, deletes every session cookie (chunks too) */
  signOut: 'sign-out',
  /** POST {} → {}: marks this browser's device remembered (Amplify's rememberDevice) */
  rememberDevice: 'remember-device',
  /** POST { device?: { id } } → {}: forgets a device (this browser's when no id; its device cookies go too) */
  forgetDevice: 'forget-device',
  /** POST {} → { devices: AuthDevice[] } with ISO dates (Amplify's fetchDevices) */
  fetchDevices: 'fetch-devices',
  /** GET → SessionResult: the browser's short-lived tokens (never the refresh token), refreshed by the server when expired; `Cache-Control: no-store` */
  session: 'session',
  /** Managed login (OAuth 2.0 + PKCE): GET, 302 to the Cognito domain; ?provider= ?lang= ?redirect= */
  oauthSignIn: 'oauth/sign-in',
  oauthSignUp: 'oauth/sign-up',
  /** GET ?code=&state= from the Cognito domain */
  oauthCallback: 'oauth/callback',
  /** GET or POST: revoke, delete cookies, 302 to the managed login's /logout */
  oauthSignOut: 'oauth/sign-out',
} as const

export type AuthRouteName = keyof typeof AUTH_ROUTES

/** The full path of a route, e.g. `authRoutePath('/api/amplify', 'signIn')` → `/api/amplify/sign-in`. */
export function authRoutePath(prefix: string, route: AuthRouteName): string {
  return `${prefix}/${AUTH_ROUTES[route]}`
}

/** GET session: what the browser's token source receives. */
export type SessionResult
  = | { signedIn: false }
    | { signedIn: true, accessToken: string, idToken: string, username: string, userId: string, signInDetails?: { loginId?: string, authFlowType?: string } }
