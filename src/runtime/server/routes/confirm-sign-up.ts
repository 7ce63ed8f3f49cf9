import { callCognito } from '../cognito/cognito-client'
import { signInWithFlow } from '../cognito/sign-in-flow'
import { clearSignInState, readSignInState } from '../session/sign-in-state'
import { booleanOption, clientMetadataField, signInFlow } from './amplify-options'
import { defineAuthPostRoute } from './auth-route'
import { stringField } from './request-body'
import { answerSignIn } from './sign-in-result'
import { userAuthAutoSignIn } from './user-auth-sign-up'

/**
 * POST confirm-sign-up { username, confirmationCode, options?: { clientMetadata?, forceAliasCreation? } }
 * → SignUpResult. When this browser's sign-up (or a sign-in that found the user unconfirmed) left its
 * sealed state, the user is signed in at once, with the flow and metadata that sign-up's `autoSignIn`
 * (or that sign-in) named: `nextStep: COMPLETE_AUTO_SIGN_IN`, the session cookies already set, and
 * `signInResult` says whether a further sign-in step (MFA) remains.
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  const code = stringField(fields, 'confirmationCode', 64)
  const forceAliasCreation = booleanOption(fields, 'forceAliasCreation')
  const signedUp = await readSignInState(event)
  const signUpSession = signedUp?.username === username ? signedUp.signUpSession : undefined
  const confirmed = await callCognito<{ Session?: string }>(pool, 'ConfirmSignUp', {
    ClientId: pool.clientId,
    Username: username,
    ConfirmationCode: code,
    ...(forceAliasCreation !== undefined && { ForceAliasCreation: forceAliasCreation }),
    ...(signUpSession && { Session: signUpSession }),
    ...clientMetadataField(fields),
  })
  if (signUpSession) return await userAuthAutoSignIn(event, pool, signedUp!, confirmed.Session)
  const state = signedUp
  if (!state?.password || state.username !== username) return { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } }
  await clearSignInState(event)
  const options = { authFlowType: signInFlow(state.signInDetails?.authFlowType), ...(state.clientMetadata && { clientMetadata: state.clientMetadata }) }
  const signInDetails = { loginId: username, authFlowType: options.authFlowType }
  const signInResult = await answerSignIn(event, pool, await signInWithFlow(pool, username, state.password, options), { username, signInDetails })
  return { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }, signInResult }
})
