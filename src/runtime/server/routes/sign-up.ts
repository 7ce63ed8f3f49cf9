import { callCognito } from '../cognito/cognito-client'
import { saveSignInState } from '../session/sign-in-state'
import { signInWithFlow } from '../cognito/sign-in-flow'
import { defineAuthPostRoute } from './auth-route'
import { autoSignInOptions, clientMetadataField, signInFlow, stringMap } from './amplify-options'
import { answerSignIn } from './sign-in-result'
import { optionField, stringField } from './request-body'
import { codeDeliveryDetails, cognitoAttributes } from './sign-up-fields'
import { saveUserAuthSignUp } from './user-auth-sign-up'
import { initiateUserAuth } from '../cognito/user-auth-sign-in'

interface SignUpAnswer { UserConfirmed?: boolean, UserSub?: string, Session?: string, CodeDeliveryDetails?: { Destination?: string, DeliveryMedium?: string, AttributeName?: string } }

/**
 * POST sign-up { username, password?, options?: { userAttributes?, validationData?, clientMetadata?, autoSignIn? } }
 * → SignUpResult. `autoSignIn` as Amplify takes it: `true`, or SignInOptions (`{ authFlowType, clientMetadata }`)
 * for the sign-in that follows. Then the password is kept for confirm-sign-up, sealed in the short-lived,
 * HttpOnly sign-in cookie (never in server memory), which signs the user in once the code is confirmed.
 * A sign-up Cognito confirms at once (a pre-sign-up trigger's autoConfirmUser) signs in right here, as
 * confirm-sign-up would: `COMPLETE_AUTO_SIGN_IN` with `signInResult` for the autoSignIn() that follows.
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  // No password: a passwordless sign-up (the pool must allow a passwordless first factor).
  const password = fields.password === undefined || fields.password === '' ? undefined : stringField(fields, 'password', 256)
  const autoSignIn = autoSignInOptions(optionField(fields, 'autoSignIn'))
  const validationData = stringMap(optionField(fields, 'validationData'), 'validationData')
  const answer = await callCognito<SignUpAnswer>(pool, 'SignUp', {
    ClientId: pool.clientId,
    Username: username,
    Password: password,
    UserAttributes: cognitoAttributes(optionField(fields, 'userAttributes')),
    ...(validationData && { ValidationData: Object.entries(validationData).map(([Name, Value]) => ({ Name, Value })) }),
    ...clientMetadataField(fields),
  })
  if (answer.UserConfirmed) {
    if (!autoSignIn || (!password && autoSignIn.authFlowType !== 'USER_AUTH')) return { isSignUpComplete: true, userId: answer.UserSub, nextStep: { signUpStep: 'DONE' } }
    const options = { authFlowType: signInFlow(autoSignIn.authFlowType), ...(autoSignIn.clientMetadata && { clientMetadata: autoSignIn.clientMetadata }) }
    const signInDetails = { loginId: username, authFlowType: options.authFlowType }
    // USER_AUTH: the sign-up's Session signs the confirmed user in (as Amplify's autoSignIn sends it).
    const started = options.authFlowType === 'USER_AUTH'
      ? await initiateUserAuth(pool, username, { session: answer.Session, metadata: options.clientMetadata ? { ClientMetadata: options.clientMetadata } : {} })
      : await signInWithFlow(pool, username, password!, options)
    const signInResult = await answerSignIn(event, pool, started, { username, signInDetails })
    return { isSignUpComplete: true, userId: answer.UserSub, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }, signInResult }
  }
  if (autoSignIn?.authFlowType === 'USER_AUTH') await saveUserAuthSignUp(event, username, autoSignIn, answer.Session)
  else if (autoSignIn && password) {
    const { authFlowType, clientMetadata } = autoSignIn
    await saveSignInState(event, { username, password, signInDetails: { loginId: username, authFlowType }, ...(clientMetadata && { clientMetadata }) })
  }
  return { isSignUpComplete: false, userId: answer.UserSub, nextStep: { signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: codeDeliveryDetails(answer.CodeDeliveryDetails) } }
})
