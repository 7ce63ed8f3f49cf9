import { listDevices } from '../cognito/device-management'
import { defineAuthPostRoute } from './auth-route'

/** POST fetch-devices {} → { devices: AuthDevice[] } (dates as ISO strings): Amplify's fetchDevices. */
export default defineAuthPostRoute(async ({ event, pool }) => ({ devices: await listDevices(event, pool) }))
