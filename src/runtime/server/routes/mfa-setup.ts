import { callCognito, CognitoError, type CognitoPool } from '../cognito/cognito-client'
import type { CognitoAuthAnswer } from './sign-in-result'

// Cognito's MFA_SETUP challenge as Amplify's signIn/confirmSignIn take it (@aws-amplify/auth
// signInHelpers: getSignInResult 'MFA_SETUP', handleMFASetupChallenge). MFAS_CAN_SETUP lists what the
// user may set up; Amplify offers TOTP and EMAIL (SMS set-up is not a sign-in step there):
// both → CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION, answered "TOTP" or "EMAIL";
// EMAIL → CONTINUE_SIGN_IN_WITH_EMAIL_SETUP, answered with an address (Cognito sends it a code: EMAIL_OTP);
// TOTP → CONTINUE_SIGN_IN_WITH_TOTP_SETUP with the secret (AssociateSoftwareToken), answered with a code.

/** Amplify's MFA types among a challenge's MFAS_CAN_SETUP (TOTP when Cognito names none, as older pools do). */
export function setupTypes(params: Record<string, string> | undefined): Array<'TOTP' | 'EMAIL'> {
  let listed: unknown
  try {
    listed = JSON.parse(params?.MFAS_CAN_SETUP ?? '[]')
  }
  catch {
    listed = []
  }
  const names = Array.isArray(listed) ? listed : []
  const types = [...(names.includes('SOFTWARE_TOKEN_MFA') ? ['TOTP' as const] : []), ...(names.includes('EMAIL_OTP') ? ['EMAIL' as const] : [])]
  return names.length === 0 ? ['TOTP'] : types
}

/**
 * The next step of an MFA_SETUP answer, and the Session to keep for it: the selection, the e-mail
 * set-up, or the TOTP set-up with its secret (a new Session from AssociateSoftwareToken).
 */
export async function mfaSetupStep(pool: CognitoPool, answer: CognitoAuthAnswer): Promise<{ signInStep: string, details: Record<string, unknown>, session?: string }> {
  const types = setupTypes(answer.ChallengeParameters)
  if (types.length === 2) return { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', details: { allowedMFATypes: types }, session: answer.Session }
  if (types[0] === 'EMAIL') return { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP', details: {}, session: answer.Session }
  if (types[0] !== 'TOTP') throw new CognitoError('SignInException', 'This account has no MFA type it can set up at sign-in.')
  const setup = await callCognito<{ SecretCode?: string, Session?: string }>(pool, 'AssociateSoftwareToken', { Session: answer.Session })
  return { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP', details: { totpSetupDetails: { sharedSecret: setup.SecretCode } }, session: setup.Session ?? answer.Session }
}

/**
 * Answers MFA_SETUP as Amplify's confirmSignIn does: "TOTP" / "EMAIL" pick a set-up (no Cognito call:
 * the same Session, now naming only that type), a code finishes the TOTP set-up, an address starts the
 * e-mail one. Returns Cognito's answer (or the picked set-up) for answerSignIn.
 */
export async function answerMfaSetup(pool: CognitoPool, session: string, username: string, answer: string, extra: { deviceName?: string, metadata: Record<string, unknown> }): Promise<CognitoAuthAnswer> {
  if (answer === 'TOTP' || answer === 'EMAIL') {
    return { ChallengeName: 'MFA_SETUP', Session: session, ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify([answer === 'TOTP' ? 'SOFTWARE_TOKEN_MFA' : 'EMAIL_OTP']), USER_ID_FOR_SRP: username } }
  }
  const responses: Record<string, string> = { USERNAME: username }
  if (/^\d+$/.test(answer)) {
    // TOTP set-up: the code from the authenticator app proves the secret shown at sign-in.
    const verified = await callCognito<{ Status?: string, Session?: string }>(pool, 'VerifySoftwareToken', { Session: session, UserCode: answer, ...(extra.deviceName !== undefined && { FriendlyDeviceName: extra.deviceName }) })
    if (verified.Status !== 'SUCCESS') throw new CognitoError('CodeMismatchException', 'Invalid verification code.')
    session = verified.Session ?? session
  }
  else if (answer.includes('@')) responses.EMAIL = answer
  else throw new CognitoError('SignInException', 'Answer the MFA set-up with "TOTP", "EMAIL", an e-mail address or a code.')
  return await callCognito<CognitoAuthAnswer>(pool, 'RespondToAuthChallenge', { ChallengeName: 'MFA_SETUP', ClientId: pool.clientId, Session: session, ChallengeResponses: responses, ...extra.metadata })
}
