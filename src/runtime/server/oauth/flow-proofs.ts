import { randomBytes } from 'node:crypto'
import { generateCodeVerifier, generateState } from 'aws-amplify/adapter-core'

/**
 * The proofs of one managed-login attempt, made here only (as adapter-nextjs' createAuthFlowProofs):
 * - `codeVerifier`: PKCE (RFC 7636), 128 characters from Amplify's own generator; Cognito gets its S256
 *   challenge, and the code is worth nothing without the verifier, which never leaves the server;
 * - `state`: ties the callback to this browser (compared with the proof cookie), against login CSRF;
 * - `nonce`: sent when `openid` is asked for; an id token without it, or with another, is refused (OIDC).
 * `returnPath` and `customState` ride along to the callback.
 */
export interface FlowProofs {
  state: string
  codeVerifier: string
  nonce: string
  returnPath: string
  redirectUri: string
  customState?: string
}

export function createFlowProofs(returnPath: string, redirectUri: string, customState?: string): FlowProofs & { codeChallenge: string } {
  const verifier = generateCodeVerifier(128)
  return {
    state: generateState(),
    codeVerifier: verifier.value,
    codeChallenge: verifier.toCodeChallenge(),
    nonce: randomBytes(16).toString('base64url'),
    returnPath,
    redirectUri,
    ...(customState !== undefined && { customState }),
  }
}
