import type { CognitoAuthAnswer } from '../routes/sign-in-result'
import { callCognito, type CognitoPool } from './cognito-client'
import { answerPasswordVerifier } from './srp-sign-in'
import { srpClient } from './srp-math'

// Choice-based sign-in (Cognito's USER_AUTH flow, Amplify's `authFlowType: 'USER_AUTH'`): the first
// factor is the user's choice among what the pool allows (PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP,
// WEB_AUTHN). The requests are the ones Amplify's handleUserAuthFlow / handleSelectChallenge* send.

type Metadata = { ClientMetadata?: Record<string, string> }

export interface UserAuthStart {
  preferredChallenge?: string
  /** With PASSWORD / PASSWORD_SRP as the preferred challenge. */
  password?: string
  /** The Session ConfirmSignUp answered: the sign-in right after a sign-up (autoSignIn). */
  session?: string
  metadata?: Metadata
}

/**
 * InitiateAuth USER_AUTH. PASSWORD sends the password; PASSWORD_SRP sends SRP_A and answers the
 * PASSWORD_VERIFIER that follows (the password never goes to Cognito). Cognito answers the preferred
 * challenge started, tokens, or SELECT_CHALLENGE with the AvailableChallenges.
 */
export async function initiateUserAuth(pool: CognitoPool, username: string, start: UserAuthStart): Promise<CognitoAuthAnswer> {
  const metadata = start.metadata ?? {}
  const params: Record<string, string> = { USERNAME: username }
  const request = (extra: Record<string, string>) => callCognito<CognitoAuthAnswer>(pool, 'InitiateAuth', {
    AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { ...params, ...extra }, ...(start.session && { Session: start.session }), ...metadata,
  })
  if (start.preferredChallenge === 'PASSWORD_SRP') {
    const client = srpClient()
    const first = await request({ SRP_A: client.srpA, PREFERRED_CHALLENGE: 'PASSWORD_SRP' })
    return answerPasswordVerifier(pool, client, first, start.password!, metadata)
  }
  if (start.preferredChallenge === 'PASSWORD') params.PASSWORD = start.password!
  return request(start.preferredChallenge ? { PREFERRED_CHALLENGE: start.preferredChallenge } : {})
}

/**
 * RespondToAuthChallenge SELECT_CHALLENGE: the chosen factor. PASSWORD goes with the password,
 * PASSWORD_SRP with SRP_A (then the PASSWORD_VERIFIER is answered here); a code factor is started
 * (Cognito sends the code and answers its challenge).
 */
export async function selectFirstFactor(pool: CognitoPool, username: string, session: string, answer: string, password?: string, metadata: Metadata = {}): Promise<CognitoAuthAnswer> {
  const respond = (extra: Record<string, string>) => callCognito<CognitoAuthAnswer>(pool, 'RespondToAuthChallenge', {
    ChallengeName: 'SELECT_CHALLENGE', ClientId: pool.clientId, Session: session, ChallengeResponses: { USERNAME: username, ANSWER: answer, ...extra }, ...metadata,
  })
  if (answer === 'PASSWORD_SRP') {
    const client = srpClient()
    return answerPasswordVerifier(pool, client, await respond({ SRP_A: client.srpA }), password!, metadata)
  }
  return respond(answer === 'PASSWORD' ? { PASSWORD: password! } : {})
}
