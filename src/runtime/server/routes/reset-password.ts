import { callCognito } from '../cognito/cognito-client'
import { defineAuthPostRoute } from './auth-route'
import { stringField } from './request-body'
import { clientMetadataField } from './amplify-options'
import { codeDeliveryDetails } from './sign-up-fields'

/** POST reset-password { username, options?: { clientMetadata? } } → ResetPasswordResult (a code is sent; confirm-reset-password takes it). */
export default defineAuthPostRoute(async ({ fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  const answer = await callCognito<{ CodeDeliveryDetails?: Record<string, string> }>(pool, 'ForgotPassword', { ClientId: pool.clientId, Username: username, ...clientMetadataField(fields) })
  return { isPasswordReset: false, nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails: codeDeliveryDetails(answer.CodeDeliveryDetails) } }
})
