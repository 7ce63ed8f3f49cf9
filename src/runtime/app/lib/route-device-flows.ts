import type { FetchDevicesOutput, ForgetDeviceInput } from 'aws-amplify/auth'
import { postAuthRoute } from './auth-route-client'

type WireDevice = Omit<FetchDevicesOutput[number], 'createDate' | 'lastModifiedDate' | 'lastAuthenticatedDate'> & { createDate?: string, lastModifiedDate?: string, lastAuthenticatedDate?: string }
const dateOf = (iso: string | undefined) => iso ? new Date(iso) : undefined

/**
 * Amplify's remembered-device APIs with server sessions: the device's keys and secret are HttpOnly
 * cookies only the server reads, so the auth routes call Cognito. Same inputs and outputs as
 * `aws-amplify/auth` (fetchDevices' dates are Dates again).
 */
export function routeDeviceFlows(prefix: string) {
  return {
    rememberDevice: async (): Promise<void> => {
      await postAuthRoute(prefix, 'rememberDevice', {})
    },
    forgetDevice: async (input?: ForgetDeviceInput): Promise<void> => {
      await postAuthRoute(prefix, 'forgetDevice', input?.device ? { device: { id: input.device.id } } : {})
    },
    fetchDevices: async (): Promise<FetchDevicesOutput> => {
      const { devices } = await postAuthRoute<{ devices: WireDevice[] }>(prefix, 'fetchDevices', {})
      return devices.map(device => ({ ...device, createDate: dateOf(device.createDate), lastModifiedDate: dateOf(device.lastModifiedDate), lastAuthenticatedDate: dateOf(device.lastAuthenticatedDate) }))
    },
  }
}
