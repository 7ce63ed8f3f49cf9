import { callCognito } from '../cognito/cognito-client'
import { defineAuthPostRoute } from './auth-route'
import { stringField } from './request-body'
import { clientMetadataField } from './amplify-options'
import { codeDeliveryDetails } from './sign-up-fields'

/** POST resend-sign-up-code { username, options?: { clientMetadata? } } → { destination, deliveryMedium, attributeName }. */
export default defineAuthPostRoute(async ({ fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  const answer = await callCognito<{ CodeDeliveryDetails?: Record<string, string> }>(pool, 'ResendConfirmationCode', { ClientId: pool.clientId, Username: username, ...clientMetadataField(fields) })
  return codeDeliveryDetails(answer.CodeDeliveryDetails)
})
