import { associateWebAuthnCredential, deleteWebAuthnCredential, listWebAuthnCredentials } from 'aws-amplify/auth'

/**
 * Registering, listing and deleting passkeys: Amplify's own functions, in both session modes. They call
 * Cognito from the page with the user's access token, which browser-side Amplify gets from the session
 * route with server sessions (the refresh token stays in its HttpOnly cookie). No route is needed: the
 * registration ceremony (navigator.credentials.create) has to run in the page anyway, and the page holds
 * the short-lived access token these calls take; a route would only add a round trip per step.
 */
export const passkeyManagement = { associateWebAuthnCredential, listWebAuthnCredentials, deleteWebAuthnCredential }
export type PasskeyManagement = typeof passkeyManagement
