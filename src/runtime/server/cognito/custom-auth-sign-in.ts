import { callCognito, type CognitoPool } from './cognito-client'
import { srpClient } from './srp-math'
import { answerPasswordVerifier } from './srp-sign-in'
import type { CognitoAuthAnswer } from '../routes/sign-in-result'

/**
 * The custom authentication flow (Cognito's CUSTOM_AUTH, driven by the pool's Define/Create/Verify auth
 * challenge Lambda triggers), started as Amplify's signIn starts it:
 * - CUSTOM_WITHOUT_SRP: InitiateAuth with the username only; the triggers' first challenge comes back.
 * - CUSTOM_WITH_SRP: InitiateAuth with `SRP_A` and `CHALLENGE_NAME: SRP_A`, so the Define trigger can
 *   ask for the password first; PASSWORD_VERIFIER is answered here (the password never goes to Cognito)
 *   and Cognito's answer to it, usually the first CUSTOM_CHALLENGE, comes back.
 * `metadata` (Amplify's `clientMetadata`) goes with every call, reaching the triggers as Amplify sends it.
 * The challenges are answered through confirm-sign-in (its `ANSWER`), one request each.
 */
export async function signInWithCustomAuth(pool: CognitoPool, username: string, password: string | undefined, metadata: { ClientMetadata?: Record<string, string> }): Promise<CognitoAuthAnswer> {
  if (password === undefined) {
    return callCognito<CognitoAuthAnswer>(pool, 'InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username }, ...metadata })
  }
  const client = srpClient()
  const start = await callCognito<CognitoAuthAnswer>(pool, 'InitiateAuth', {
    AuthFlow: 'CUSTOM_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username, SRP_A: client.srpA, CHALLENGE_NAME: 'SRP_A' },
    ...metadata,
  })
  return answerPasswordVerifier(pool, client, start, password, metadata)
}
