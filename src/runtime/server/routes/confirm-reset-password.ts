import { callCognito } from '../cognito/cognito-client'
import { defineAuthPostRoute } from './auth-route'
import { stringField } from './request-body'

/** POST confirm-reset-password { username, confirmationCode, newPassword } → {}. */
export default defineAuthPostRoute(async ({ fields, pool }) => {
  await callCognito(pool, 'ConfirmForgotPassword', {
    ClientId: pool.clientId,
    Username: stringField(fields, 'username', 128 * 4),
    ConfirmationCode: stringField(fields, 'confirmationCode', 64),
    Password: stringField(fields, 'newPassword', 256),
  })
  return {}
})
