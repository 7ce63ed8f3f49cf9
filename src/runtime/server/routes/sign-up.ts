import { callCognito } from '../cognito/cognito-client'
import { saveSignInState } from '../session/sign-in-state'
import { defineAuthPostRoute } from './auth-route'
import { optionField, stringField } from './request-body'
import { codeDeliveryDetails, cognitoAttributes, isTrue } from './sign-up-fields'

interface SignUpAnswer { UserConfirmed?: boolean, UserSub?: string, CodeDeliveryDetails?: { Destination?: string, DeliveryMedium?: string, AttributeName?: string } }

/**
 * POST sign-up { username, password, options?: { userAttributes?, autoSignIn? } } → SignUpResult.
 * With autoSignIn the password is kept for confirm-sign-up, sealed in the short-lived, HttpOnly
 * sign-in cookie (never in server memory), which signs the user in once the code is confirmed.
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  const password = stringField(fields, 'password', 256)
  const autoSignIn = isTrue(optionField(fields, 'autoSignIn'))
  const answer = await callCognito<SignUpAnswer>(pool, 'SignUp', {
    ClientId: pool.clientId,
    Username: username,
    Password: password,
    UserAttributes: cognitoAttributes(optionField(fields, 'userAttributes')),
  })
  if (autoSignIn) await saveSignInState(event, { username, password, signInDetails: { loginId: username, authFlowType: 'USER_SRP_AUTH' } })
  if (answer.UserConfirmed) {
    return { isSignUpComplete: true, userId: answer.UserSub, nextStep: { signUpStep: autoSignIn ? 'COMPLETE_AUTO_SIGN_IN' : 'DONE' } }
  }
  return { isSignUpComplete: false, userId: answer.UserSub, nextStep: { signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: codeDeliveryDetails(answer.CodeDeliveryDetails) } }
})
