import type { H3Event } from 'h3'
import { CognitoError, type CognitoPool } from '../cognito/cognito-client'
import { initiateUserAuth, selectFirstFactor } from '../cognito/user-auth-sign-in'
import { saveSignInState, type SignInState } from '../session/sign-in-state'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { optionField, stringField } from './request-body'
import { answerSignIn, type SignInResult } from './sign-in-result'

// Choice-based sign-in through the routes (`authFlowType: 'USER_AUTH'`), with the results Amplify's
// signInWithUserAuth and confirmSignIn give: CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION (with
// `availableChallenges`), CONFIRM_SIGN_IN_WITH_EMAIL_CODE / _SMS_CODE (with `codeDeliveryDetails`),
// CONFIRM_SIGN_IN_WITH_PASSWORD, or signed in. The state between steps is the sealed sign-in cookie.

/** Amplify's AuthFactorType. */
const FACTORS = new Set(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'])
const NEEDS_PASSWORD = new Set(['PASSWORD', 'PASSWORD_SRP'])
/** The sign-in steps confirm-sign-in hands to confirmUserAuthStep. */
export const USER_AUTH_CHALLENGES = new Set(['SELECT_CHALLENGE', 'PASSWORD', 'PASSWORD_SRP'])
type Metadata = { ClientMetadata?: Record<string, string> }

interface PasswordlessConfig { emailOtpEnabled?: boolean, smsOtpEnabled?: boolean, webAuthn?: unknown, preferredChallenge?: string }

/**
 * `preferredChallenge`, else the app config's `Auth.Cognito.passwordless.preferredChallenge`, as
 * Amplify's signInWithUserAuth takes it; with a `passwordless` config, a factor it does not enable is
 * refused with Amplify's InvalidPreferredChallenge (undefined: no preference).
 */
export function preferredChallengeOption(fields: Record<string, unknown>): string | undefined {
  const passwordless = (resolveResourcesConfig(amplifyRuntimeConfig()).Auth?.Cognito as { passwordless?: PasswordlessConfig } | undefined)?.passwordless
  const value = optionField(fields, 'preferredChallenge') || passwordless?.preferredChallenge
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string' || !FACTORS.has(value)) throw new CognitoError('InvalidParameterException', '`preferredChallenge` must be one of PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN.')
  const disabled = (value === 'EMAIL_OTP' && !passwordless?.emailOtpEnabled) || (value === 'SMS_OTP' && !passwordless?.smsOtpEnabled) || (value === 'WEB_AUTHN' && !passwordless?.webAuthn)
  if (passwordless && disabled) throw new CognitoError('InvalidPreferredChallenge', 'The preferred challenge is not enabled in your backend configuration')
  return value
}

// Amplify's own validation error for a password factor without a password.
const emptyPassword = () => new CognitoError('EmptySignInPassword', 'password is required to signIn')

/** POST sign-in with `authFlowType: 'USER_AUTH'` (sign-in.ts): `password` only goes with a password factor. */
export async function signInWithUserAuth(event: H3Event, pool: CognitoPool, fields: Record<string, unknown>, username: string, metadata: Metadata): Promise<SignInResult> {
  const preferredChallenge = preferredChallengeOption(fields)
  const password = fields.password === undefined || fields.password === '' ? undefined : stringField(fields, 'password', 256)
  if (preferredChallenge && NEEDS_PASSWORD.has(preferredChallenge) && !password) throw emptyPassword()
  const signInDetails = { loginId: username, authFlowType: 'USER_AUTH' }
  try {
    const answer = await initiateUserAuth(pool, username, { preferredChallenge, password, metadata })
    return await answerSignIn(event, pool, answer, { username, signInDetails })
  }
  catch (error) {
    // As Amplify's getSignInResultFromError.
    if ((error as Error)?.name === 'UserNotConfirmedException') return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } }
    if ((error as Error)?.name === 'PasswordResetRequiredException') return { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } }
    throw error
  }
}

/**
 * confirmSignIn at a USER_AUTH step. At the factor selection: PASSWORD / PASSWORD_SRP ask for the
 * password next (nothing goes to Cognito yet, as in Amplify); any other factor is started. At
 * CONFIRM_SIGN_IN_WITH_PASSWORD: the password, with the factor chosen, on the selection's Session.
 */
export async function confirmUserAuthStep(event: H3Event, pool: CognitoPool, state: SignInState & { challengeName: string, session: string }, answer: string, metadata: Metadata): Promise<SignInResult> {
  const next = { username: state.username, signInDetails: state.signInDetails }
  if (state.challengeName === 'SELECT_CHALLENGE') {
    if (!FACTORS.has(answer)) throw new CognitoError('InvalidParameterException', 'The answer must be one of the available challenges.')
    if (NEEDS_PASSWORD.has(answer)) {
      await saveSignInState(event, { ...state, challengeName: answer })
      return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' } }
    }
    return answerSignIn(event, pool, await selectFirstFactor(pool, state.username, state.session, answer, undefined, metadata), next)
  }
  return answerSignIn(event, pool, await selectFirstFactor(pool, state.username, state.session, state.challengeName, answer, metadata), next)
}
