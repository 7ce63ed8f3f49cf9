import { callCognito } from '../cognito/cognito-client'
import { defineAuthPostRoute } from './auth-route'
import { stringField } from './request-body'
import { clientMetadataField } from './amplify-options'

/** POST confirm-reset-password { username, confirmationCode, newPassword, options?: { clientMetadata? } } → {}. */
export default defineAuthPostRoute(async ({ fields, pool }) => {
  await callCognito(pool, 'ConfirmForgotPassword', {
    ClientId: pool.clientId,
    Username: stringField(fields, 'username', 128 * 4),
    ConfirmationCode: stringField(fields, 'confirmationCode', 64),
    Password: stringField(fields, 'newPassword', 256),
    ...clientMetadataField(fields),
  })
  return {}
})
