import { CognitoError } from '../cognito/cognito-client'
import { readSignInState } from '../session/sign-in-state'
import { defineAuthPostRoute } from './auth-route'
import { optionField, stringField } from './request-body'
import { clientMetadataField, stringOption } from './amplify-options'
import { answerSignIn } from './sign-in-result'
import { MAX_PASSKEY_ASSERTION_CHARS, PASSKEY_ANSWER_KEY, PASSKEY_CHALLENGE } from './passkey-step'
import { confirmUserAuthStep, USER_AUTH_CHALLENGES } from './user-auth'
import { answerMfaSetup } from './mfa-setup'
import { respondWithDevice } from '../cognito/device-sign-in'

// The ChallengeResponses key that carries the user's answer to each challenge.
const ANSWER_KEY: Record<string, string> = {
  NEW_PASSWORD_REQUIRED: 'NEW_PASSWORD',
  SMS_MFA: 'SMS_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
  SMS_OTP: 'SMS_OTP_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  SELECT_MFA_TYPE: 'ANSWER',
  CUSTOM_CHALLENGE: 'ANSWER',
  [PASSKEY_CHALLENGE]: PASSKEY_ANSWER_KEY,
}
// Amplify's MFA type names (confirmSignIn's answer to CONTINUE_SIGN_IN_WITH_MFA_SELECTION) → Cognito's.
const MFA_CHOICE: Record<string, string> = { SMS: 'SMS_MFA', TOTP: 'SOFTWARE_TOKEN_MFA', EMAIL: 'EMAIL_OTP' }

/**
 * POST confirm-sign-in { challengeResponse, options?: { userAttributes?, clientMetadata?, friendlyDeviceName? } }
 * → SignInResult (`friendlyDeviceName` names the TOTP device of an MFA setup, as Amplify's does): answers the
 * challenge of the sign-in in progress, whose state comes from the browser's sealed sign-in cookie
 * (sign-in-state.ts), so any server process can take this step.
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const answer = stringField(fields, 'challengeResponse', MAX_PASSKEY_ASSERTION_CHARS)
  const metadata = clientMetadataField(fields)
  const deviceName = stringOption(fields, 'friendlyDeviceName', 256)
  const state = await readSignInState(event)
  if (!state?.challengeName || !state.session) throw new CognitoError('SignInException', 'No sign-in is in progress, or it expired. Sign in again.')
  const challenge = state.challengeName
  if (USER_AUTH_CHALLENGES.has(challenge)) return confirmUserAuthStep(event, pool, { ...state, challengeName: challenge, session: state.session }, answer, metadata)
  const details = { username: state.username, signInDetails: state.signInDetails }
  // MFA set-up: a type picked, a TOTP code, or an address for e-mail MFA (mfa-setup.ts).
  if (challenge === 'MFA_SETUP') return answerSignIn(event, pool, await answerMfaSetup(pool, state.session, state.username, answer, { deviceName, metadata }), details)
  const responses: Record<string, string> = { USERNAME: state.username }
  const key = ANSWER_KEY[challenge]
  if (!key) throw new CognitoError('UnsupportedChallenge', 'This sign-in step is not supported.')
  responses[key] = challenge === 'SELECT_MFA_TYPE' ? MFA_CHOICE[answer] ?? answer : answer
  if (challenge === 'NEW_PASSWORD_REQUIRED') Object.assign(responses, userAttributeResponses(optionField(fields, 'userAttributes')))
  const next = await respondWithDevice(event, pool, state.username, { ChallengeName: challenge, ClientId: pool.clientId, Session: state.session, ChallengeResponses: responses, ...metadata }, metadata)
  return answerSignIn(event, pool, next, details)
})

/** Required attributes given with a new password, as Cognito wants them (`userAttributes.<name>`). */
function userAttributeResponses(attributes: unknown): Record<string, string> {
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) return {}
  const responses: Record<string, string> = {}
  for (const [name, value] of Object.entries(attributes).slice(0, 50)) {
    if (typeof value === 'string' && /^[\w:-]{1,64}$/.test(name)) responses[`userAttributes.${name}`] = value
  }
  return responses
}
