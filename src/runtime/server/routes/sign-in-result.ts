import type { H3Event } from 'h3'
import type { CognitoPool } from '../cognito/cognito-client'
import { authError } from '../cognito/cognito-errors'
import { writeSessionTokens } from '../session/write-session'
import { confirmNewDevice } from '../cognito/device-sign-in'
import { clearSignInState, saveSignInState, type SignInState } from '../session/sign-in-state'
import { PASSKEY_CHALLENGE, passkeyStepDetails } from './passkey-step'
import { mfaSetupStep } from './mfa-setup'

/** Cognito's answer to InitiateAuth / RespondToAuthChallenge (the fields the routes use). */
export interface CognitoAuthAnswer {
  AuthenticationResult?: { AccessToken?: string, IdToken?: string, RefreshToken?: string, NewDeviceMetadata?: { DeviceKey?: string, DeviceGroupKey?: string } }
  ChallengeName?: string
  Session?: string
  ChallengeParameters?: Record<string, string>
  /** SELECT_CHALLENGE (USER_AUTH): the first factors the user may choose. */
  AvailableChallenges?: string[]
}

// Cognito's challenge → Amplify's `signInStep` (as @aws-amplify/auth's getSignInResult names them).
const STEP_OF_CHALLENGE: Record<string, string> = {
  NEW_PASSWORD_REQUIRED: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED',
  SMS_MFA: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
  EMAIL_OTP: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
  SMS_OTP: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
  SELECT_CHALLENGE: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
  SOFTWARE_TOKEN_MFA: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE',
  SELECT_MFA_TYPE: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION',
  MFA_SETUP: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP',
  CUSTOM_CHALLENGE: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE',
  // Not one of Amplify's steps: useAmplifyAuth() takes it in the page (passkey-step.ts).
  [PASSKEY_CHALLENGE]: PASSKEY_CHALLENGE,
}

export type SignInResult = { isSignedIn: boolean, nextStep: Record<string, unknown> & { signInStep: string } }

/**
 * Turns Cognito's answer into the route's result. Tokens: the request's session (write-session.ts) and
 * the sign-in state ended. A challenge: its state sealed into the browser's sign-in cookie for the next
 * step, and Amplify's `nextStep` for it; what that next step needs
 * (e.g. the TOTP secret of an MFA setup) comes with it.
 */
export async function answerSignIn(event: H3Event, pool: CognitoPool, answer: CognitoAuthAnswer, state: Omit<SignInState, 'challengeName' | 'session'>): Promise<SignInResult> {
  const tokens = answer.AuthenticationResult
  if (tokens?.AccessToken && tokens.IdToken) {
    const deviceMetadata = await confirmNewDevice(event, pool, tokens.AccessToken, tokens.NewDeviceMetadata)
    await writeSessionTokens(event, { accessToken: tokens.AccessToken, idToken: tokens.IdToken, refreshToken: tokens.RefreshToken, signInDetails: state.signInDetails, deviceMetadata })
    await clearSignInState(event)
    return { isSignedIn: true, nextStep: { signInStep: 'DONE' } }
  }
  const challenge = answer.ChallengeName ?? ''
  let signInStep = STEP_OF_CHALLENGE[challenge]
  if (!signInStep) throw authError(400, 'UnsupportedChallenge', 'This sign-in step is not supported.')
  const params = answer.ChallengeParameters ?? {}
  // MFA set-up: the selection, the e-mail set-up, or TOTP's with the secret to show (mfa-setup.ts).
  let extra: Record<string, unknown> = {}
  if (challenge === 'MFA_SETUP') {
    const setup = await mfaSetupStep(pool, answer)
    answer = { ...answer, Session: setup.session }
    signInStep = setup.signInStep
    extra = setup.details
  }
  // Cognito names the user by its internal username from here on (USER_ID_FOR_SRP), as Amplify's flows do.
  await saveSignInState(event, { ...state, username: params.USER_ID_FOR_SRP || params.USERNAME || state.username, challengeName: challenge, session: answer.Session })
  if (challenge === 'SELECT_CHALLENGE') extra = { availableChallenges: answer.AvailableChallenges ?? [] }
  return { isSignedIn: false, nextStep: { signInStep, ...stepDetails(challenge, params), ...extra } }
}

/** What Amplify's nextStep says about a challenge, from Cognito's ChallengeParameters. */
function stepDetails(challenge: string, params: Record<string, string>): Record<string, unknown> {
  switch (challenge) {
    case 'NEW_PASSWORD_REQUIRED':
      return { missingAttributes: parseList(params.requiredAttributes).map(name => name.replace(/^userAttributes\./, '')) }
    case 'SMS_MFA':
    case 'SMS_OTP':
    case 'EMAIL_OTP':
      return { codeDeliveryDetails: { deliveryMedium: params.CODE_DELIVERY_DELIVERY_MEDIUM, destination: params.CODE_DELIVERY_DESTINATION } }
    case 'SELECT_MFA_TYPE':
      return { allowedMFATypes: parseList(params.MFAS_CAN_CHOOSE).map(mfaType) }
    case 'CUSTOM_CHALLENGE':
      return { additionalInfo: params }
    case PASSKEY_CHALLENGE:
      return passkeyStepDetails(params)
    default:
      return {}
  }
}

function parseList(value: string | undefined): string[] {
  try {
    const list = JSON.parse(value ?? '[]')
    return Array.isArray(list) ? list.filter(item => typeof item === 'string') : []
  }
  catch {
    return []
  }
}

// Cognito's MFA names → Amplify's (`SMS_MFA` → `SMS`, `SOFTWARE_TOKEN_MFA` → `TOTP`, `EMAIL_OTP` → `EMAIL`).
function mfaType(name: string): string {
  return name === 'SOFTWARE_TOKEN_MFA' ? 'TOTP' : name === 'EMAIL_OTP' ? 'EMAIL' : name.replace(/_MFA$/, '')
}
