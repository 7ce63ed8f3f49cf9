import { CognitoError } from '../cognito/cognito-client'
import { forgetSomeDevice } from '../cognito/device-management'
import { defineAuthPostRoute } from './auth-route'

/** POST forget-device { device?: { id } } → {}: Amplify's forgetDevice (this browser's device when no id). */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const device = fields.device as { id?: unknown } | undefined
  const id = typeof device?.id === 'string' && /^[\w-]{1,20}_[\da-f-]{1,40}$/.test(device.id) ? device.id : undefined
  if (device?.id !== undefined && !id) throw new CognitoError('InvalidParameterException', 'Invalid device id.')
  await forgetSomeDevice(event, pool, id)
  return {}
})
