import { callCognito, CognitoError, type CognitoPool } from './cognito-client'
import { passwordClaimSignature, type SrpClient, srpClient, srpTimestamp } from './srp-math'
import type { CognitoAuthAnswer } from '../routes/sign-in-result'

/**
 * USER_SRP_AUTH, Amplify's default flow: InitiateAuth with SRP_A, then the PASSWORD_VERIFIER challenge
 * answered with a signature only the password can make (the password itself never goes to Cognito).
 * `metadata` (Amplify's `clientMetadata`) goes with both calls, as Amplify's signInWithSRP sends it.
 * Resolves with Cognito's answer to that challenge: tokens, or the next challenge (MFA, new password).
 */
export async function signInWithSrp(pool: CognitoPool, username: string, password: string, metadata: { ClientMetadata?: Record<string, string> } = {}): Promise<CognitoAuthAnswer> {
  const client = srpClient()
  const start = await callCognito<CognitoAuthAnswer>(pool, 'InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, SRP_A: client.srpA }, ...metadata })
  return answerPasswordVerifier(pool, client, start, password, metadata)
}

/**
 * Cognito's PASSWORD_VERIFIER challenge (after USER_SRP_AUTH, or PASSWORD_SRP in a USER_AUTH sign-in)
 * answered with the signature of `client`'s SRP exchange; any other answer is passed back as it is.
 */
export async function answerPasswordVerifier(pool: CognitoPool, client: SrpClient, start: CognitoAuthAnswer, password: string, metadata: { ClientMetadata?: Record<string, string> } = {}): Promise<CognitoAuthAnswer> {
  if (start.ChallengeName !== 'PASSWORD_VERIFIER') return start
  const params = start.ChallengeParameters ?? {}
  const { SALT: saltHex, SRP_B: srpB, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: userId } = params
  if (!saltHex || !srpB || !secretBlock || !userId || !/^[0-9a-f]+$/i.test(saltHex + srpB)) {
    throw new CognitoError('InvalidResponse', 'Cognito answered the SRP start without its parameters.', true)
  }
  const timestamp = srpTimestamp()
  let signature: string
  try {
    signature = await passwordClaimSignature(client, { poolName: pool.userPoolId.split('_')[1] ?? '', userId, password, saltHex, srpB, secretBlock, timestamp })
  }
  catch {
    throw new CognitoError('InvalidResponse', 'Cognito answered the SRP start with an invalid SRP_B.', true)
  }
  return callCognito<CognitoAuthAnswer>(pool, 'RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: pool.clientId,
    ...(start.Session ? { Session: start.Session } : {}),
    ChallengeResponses: { USERNAME: userId, PASSWORD_CLAIM_SECRET_BLOCK: secretBlock, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature },
    ...metadata,
  })
}
