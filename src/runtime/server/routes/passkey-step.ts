/**
 * Cognito's WEB_AUTHN challenge (passkey sign-in) as the routes answer it. Amplify's signIn never shows
 * this step to an app: it asks the authenticator itself. With server sessions the server cannot, so the
 * route hands the request options to the page (`nextStep: { signInStep: 'WEB_AUTHN',
 * credentialRequestOptions }`), useAmplifyAuth() runs navigator.credentials.get with them
 * (app/lib/passkey-ceremony.ts) and posts the assertion to confirm-sign-in as `challengeResponse`,
 * which goes to Cognito as `CREDENTIAL`. Cognito verifies it (challenge, origin, RP ID, signature,
 * counter); the server only carries it, bounded in size like every field.
 */
export const PASSKEY_CHALLENGE = 'WEB_AUTHN'
/** confirm-sign-in's ChallengeResponses key for the assertion. */
export const PASSKEY_ANSWER_KEY = 'CREDENTIAL'
/** An assertion (AuthenticationResponseJSON) is well under this, even with an RSA signature and a user handle. */
export const MAX_PASSKEY_ASSERTION_CHARS = 8192

/** The request options Cognito sent (a JSON string in CREDENTIAL_REQUEST_OPTIONS), as an object for the page. */
export function passkeyStepDetails(params: Record<string, string>): { credentialRequestOptions: unknown } {
  let options: unknown
  try {
    options = JSON.parse(params.CREDENTIAL_REQUEST_OPTIONS ?? 'null')
  }
  catch {
    options = null
  }
  return { credentialRequestOptions: options }
}
