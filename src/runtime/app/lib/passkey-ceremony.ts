import { AuthError } from 'aws-amplify/auth'

/**
 * Passkey sign-in with server sessions, the page's half. The sign-in routes answer Cognito's WEB_AUTHN
 * challenge with `nextStep: { signInStep: 'WEB_AUTHN', credentialRequestOptions }` (the options as
 * Cognito sent them); only the browser can ask the authenticator, so the composable runs
 * `navigator.credentials.get` here and posts the assertion to confirm-sign-in, which gives it to
 * Cognito as `CREDENTIAL`. This is what Amplify's own signIn does inside (getPasskey and
 * handleWebAuthnSignInResult, which aws-amplify does not export), with the same JSON encodings and the
 * same error names, so the app sees Amplify's result: signed in, or the next step, never WEB_AUTHN.
 */
export const PASSKEY_STEP = 'WEB_AUTHN'

interface RequestOptionsJson {
  challenge: string
  allowCredentials?: Array<{ id: string, type: 'public-key', transports?: string[] }>
  [key: string]: unknown
}

const toBytes = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0))
const toText = (buffer: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

// Amplify's PasskeyError names and messages (client/utils/passkey/errors), for `catch` blocks written for it.
const ERRORS: Record<string, string> = {
  PasskeyNotSupported: 'Passkeys may not be supported on this device.',
  InvalidPasskeyAuthenticationOptions: 'Invalid passkey authentication options.',
  PasskeyAuthenticationCanceled: 'Passkey authentication ceremony has been canceled.',
  PasskeyOperationAborted: 'Passkey operation has been aborted.',
  RelyingPartyMismatch: 'Relying party does not match current domain.',
  PasskeyRetrievalFailed: 'Device failed to retrieve passkey.',
}
const passkeyError = (name: string, underlyingError?: unknown) => new AuthError({ name, message: ERRORS[name] ?? 'An unknown error has occurred.', underlyingError })

// The browser's DOMException names for a refused ceremony → Amplify's.
const CEREMONY_ERRORS: Record<string, string> = { NotAllowedError: 'PasskeyAuthenticationCanceled', AbortError: 'PasskeyOperationAborted', SecurityError: 'RelyingPartyMismatch' }

/** Asks the authenticator for an assertion of Cognito's request options; the JSON Cognito takes as CREDENTIAL. */
export async function passkeyAssertion(options: unknown): Promise<string> {
  if (!window.isSecureContext || !('credentials' in navigator) || typeof window.PublicKeyCredential !== 'function') throw passkeyError('PasskeyNotSupported')
  const json = options as RequestOptionsJson | undefined
  if (typeof json?.challenge !== 'string') throw passkeyError('InvalidPasskeyAuthenticationOptions')
  let credential: Credential | null
  try {
    credential = await navigator.credentials.get({
      publicKey: {
        ...json,
        challenge: toBytes(json.challenge),
        allowCredentials: (json.allowCredentials ?? []).map(c => ({ ...c, id: toBytes(c.id) })),
      } as PublicKeyCredentialRequestOptions,
    })
  }
  catch (error) {
    throw passkeyError(CEREMONY_ERRORS[(error as Error)?.name] ?? 'Unknown', error)
  }
  if (!(credential instanceof PublicKeyCredential) || !(credential.response instanceof AuthenticatorAssertionResponse)) throw passkeyError('PasskeyRetrievalFailed')
  const { response } = credential
  return JSON.stringify({
    id: credential.id,
    rawId: toText(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: toText(response.clientDataJSON),
      authenticatorData: toText(response.authenticatorData),
      signature: toText(response.signature),
      ...(response.userHandle && { userHandle: toText(response.userHandle) }),
    },
    ...(credential.authenticatorAttachment && { authenticatorAttachment: credential.authenticatorAttachment }),
  })
}

type StepResult = { isSignedIn: boolean, nextStep: { signInStep: string, credentialRequestOptions?: unknown } }

/**
 * A route's sign-in answer as the app should see it: a WEB_AUTHN step is taken here (assertion, then
 * confirm-sign-in with it) and what that answers is returned instead; anything else unchanged.
 */
export async function withPasskeyStep<T extends StepResult>(result: T, confirm: (challengeResponse: string) => Promise<T>): Promise<T> {
  if (result.isSignedIn || result.nextStep.signInStep !== PASSKEY_STEP) return result
  const next = await confirm(await passkeyAssertion(result.nextStep.credentialRequestOptions))
  // As Amplify's handleWebAuthnSignInResult: a second passkey challenge in a row is not a step it can take.
  if (!next.isSignedIn && next.nextStep.signInStep === PASSKEY_STEP) {
    throw new AuthError({ name: 'SignInException', message: 'Sequential WEB_AUTHN challenges returned from underlying service cannot be handled.' })
  }
  return next
}
