import { callCognito } from '../cognito/cognito-client'
import { saveSignInState } from '../session/sign-in-state'
import { defineAuthPostRoute } from './auth-route'
import { autoSignInOptions, clientMetadataField, stringMap } from './amplify-options'
import { optionField, stringField } from './request-body'
import { codeDeliveryDetails, cognitoAttributes } from './sign-up-fields'
import { saveUserAuthSignUp } from './user-auth-sign-up'

interface SignUpAnswer { UserConfirmed?: boolean, UserSub?: string, Session?: string, CodeDeliveryDetails?: { Destination?: string, DeliveryMedium?: string, AttributeName?: string } }

/**
 * POST sign-up { username, password?, options?: { userAttributes?, validationData?, clientMetadata?, autoSignIn? } }
 * → SignUpResult. `autoSignIn` as Amplify takes it: `true`, or SignInOptions (`{ authFlowType, clientMetadata }`)
 * for the sign-in that follows. Then the password is kept for confirm-sign-up, sealed in the short-lived,
 * HttpOnly sign-in cookie (never in server memory), which signs the user in once the code is confirmed.
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
  if (autoSignIn?.authFlowType === 'USER_AUTH') await saveUserAuthSignUp(event, username, autoSignIn, answer.Session)
  else if (autoSignIn && password) {
    const { authFlowType, clientMetadata } = autoSignIn
    await saveSignInState(event, { username, password, signInDetails: { loginId: username, authFlowType }, ...(clientMetadata && { clientMetadata }) })
  }
  if (answer.UserConfirmed) {
    return { isSignUpComplete: true, userId: answer.UserSub, nextStep: { signUpStep: autoSignIn ? 'COMPLETE_AUTO_SIGN_IN' : 'DONE' } }
  }
  return { isSignUpComplete: false, userId: answer.UserSub, nextStep: { signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: codeDeliveryDetails(answer.CodeDeliveryDetails) } }
})
