import { callCognito } from '../cognito/cognito-client'
import { signInWithSrp } from '../cognito/srp-sign-in'
import { clearSignInState, readSignInState } from '../session/sign-in-state'
import { defineAuthPostRoute } from './auth-route'
import { stringField } from './request-body'
import { answerSignIn } from './sign-in-result'

/**
 * POST confirm-sign-up { username, confirmationCode } → SignUpResult. When this browser's sign-up (or a
 * sign-in that found the user unconfirmed) left its sealed state, the user is signed in at once:
 * `nextStep: COMPLETE_AUTO_SIGN_IN`, the session cookies already set, and `signInResult` says whether
 * a further sign-in step (MFA) remains.
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  const code = stringField(fields, 'confirmationCode', 64)
  await callCognito(pool, 'ConfirmSignUp', { ClientId: pool.clientId, Username: username, ConfirmationCode: code })
  const state = await readSignInState(event)
  if (!state?.password || state.username !== username) return { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } }
  await clearSignInState(event)
  const signInDetails = { loginId: username, authFlowType: 'USER_SRP_AUTH' }
  const signInResult = await answerSignIn(event, pool, await signInWithSrp(pool, username, state.password), { username, signInDetails })
  return { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }, signInResult }
})
