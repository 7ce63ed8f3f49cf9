import { callCognito, CognitoError } from '../cognito/cognito-client'
import { defineAuthPostRoute } from './auth-route'
import { optionField, stringField } from './request-body'
import { answerSignIn, type CognitoAuthAnswer } from './sign-in-result'
import { saveSignInState } from '../session/sign-in-state'
import { signInWithSrp } from '../cognito/srp-sign-in'

const FLOWS = new Set(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'])

/**
 * POST sign-in { username, password, options?: { authFlowType } } → Amplify's SignInResult.
 * SRP (Amplify's default: the password never leaves the server) or USER_PASSWORD_AUTH.
 * An unconfirmed user gets `nextStep: CONFIRM_SIGN_UP`, as Amplify's signIn answers.
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  const password = stringField(fields, 'password', 256)
  const flow = optionField(fields, 'authFlowType') ?? 'USER_SRP_AUTH'
  if (typeof flow !== 'string' || !FLOWS.has(flow)) throw new CognitoError('InvalidParameterException', '`authFlowType` must be USER_SRP_AUTH or USER_PASSWORD_AUTH.')
  const signInDetails = { loginId: username, authFlowType: flow }
  try {
    const answer = flow === 'USER_PASSWORD_AUTH'
      ? await callCognito<CognitoAuthAnswer>(pool, 'InitiateAuth', { AuthFlow: flow, ClientId: pool.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } })
      : await signInWithSrp(pool, username, password)
    return await answerSignIn(event, pool, answer, { username, signInDetails })
  }
  catch (error) {
    if ((error as Error)?.name !== 'UserNotConfirmedException') throw error
    // Confirming the code signs the user in (the password is kept, sealed, for that: confirm-sign-up.ts).
    await saveSignInState(event, { username, password, signInDetails })
    return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } }
  }
})
