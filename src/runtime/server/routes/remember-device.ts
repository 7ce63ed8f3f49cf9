import { rememberThisDevice } from '../cognito/device-management'
import { defineAuthPostRoute } from './auth-route'

/** POST remember-device {} → {}: Amplify's rememberDevice for this browser's device (device-management.ts). */
export default defineAuthPostRoute(async ({ event, pool }) => {
  await rememberThisDevice(event, pool)
  return {}
})
