import type { H3Event } from 'h3'
import { fetchAuthSession } from 'aws-amplify/auth/server'
import { useAmplifyServerContext } from '../utils/amplify-context'
import { forgetDeviceCookies, readDevice } from '../session/device-cookies'
import { authError } from './cognito-errors'
import { callCognito, type CognitoPool } from './cognito-client'

/** Amplify's AuthDevice, with dates as ISO strings on the wire (the composable makes them Dates again). */
export interface RouteDevice { id: string, name?: string, attributes: Record<string, string>, createDate?: string, lastModifiedDate?: string, lastAuthenticatedDate?: string }
interface CognitoDevice { DeviceKey?: string, DeviceAttributes?: Array<{ Name?: string, Value?: string }>, DeviceCreateDate?: number, DeviceLastModifiedDate?: number, DeviceLastAuthenticatedDate?: number }

/** The signed-in user's access token and username, or Amplify's UserUnAuthenticatedException. */
async function signedIn(event: H3Event): Promise<{ accessToken: string, username: string }> {
  const { tokens } = await fetchAuthSession(useAmplifyServerContext(event))
  const username = tokens?.accessToken.payload.username
  if (!tokens?.accessToken || typeof username !== 'string') throw authError(401, 'UserUnAuthenticatedException', 'User needs to be authenticated to call this API.')
  return { accessToken: tokens.accessToken.toString(), username }
}
const noDevice = () => authError(400, 'DeviceMetadataNotFoundException', 'Either deviceKey, deviceGroupKey or secretPassword were not found during the sign-in process.')

/** rememberDevice: this browser's device, marked remembered (UpdateDeviceStatus), as Amplify's. */
export async function rememberThisDevice(event: H3Event, pool: CognitoPool): Promise<void> {
  const { accessToken, username } = await signedIn(event)
  const device = await readDevice(event, username)
  if (!device) throw noDevice()
  await callCognito(pool, 'UpdateDeviceStatus', { AccessToken: accessToken, DeviceKey: device.deviceKey, DeviceRememberedStatus: 'remembered' })
}

/** forgetDevice: the given device (this browser's when none), forgotten at Cognito; this browser's device cookies go with it. */
export async function forgetSomeDevice(event: H3Event, pool: CognitoPool, deviceId: string | undefined): Promise<void> {
  const { accessToken, username } = await signedIn(event)
  const current = await readDevice(event, username)
  if (!deviceId && !current) throw noDevice()
  await callCognito(pool, 'ForgetDevice', { AccessToken: accessToken, DeviceKey: deviceId ?? current!.deviceKey })
  if (!deviceId || deviceId === current?.deviceKey) await forgetDeviceCookies(event, username)
}

const isoOf = (seconds: number | undefined) => typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : undefined

/** fetchDevices: the user's devices (ListDevices, 60 at most as Amplify asks), in Amplify's AuthDevice shape. */
export async function listDevices(event: H3Event, pool: CognitoPool): Promise<RouteDevice[]> {
  const { accessToken } = await signedIn(event)
  const { Devices = [] } = await callCognito<{ Devices?: CognitoDevice[] }>(pool, 'ListDevices', { AccessToken: accessToken, Limit: 60 })
  return Devices.slice(0, 60).map((device) => {
    const attributes: Record<string, string> = {}
    for (const { Name, Value } of device.DeviceAttributes ?? []) if (Name && Value) attributes[Name] = Value
    return {
      id: device.DeviceKey ?? '',
      name: attributes.device_name,
      attributes,
      createDate: isoOf(device.DeviceCreateDate),
      lastModifiedDate: isoOf(device.DeviceLastModifiedDate),
      lastAuthenticatedDate: isoOf(device.DeviceLastAuthenticatedDate),
    }
  })
}
