import type { H3Event } from 'h3'
import { DefaultTokenStore } from 'aws-amplify/auth/cognito'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import type { DeviceMetadata } from '../cognito/device-srp'
import { requestOf } from './write-session'

// A remembered device lives in the request's cookies under Amplify's own keys
// (`CognitoIdentityServiceProvider.<clientId>.<username>.{deviceKey,deviceGroupKey,randomPasswordKey}`),
// written and read through Amplify's DefaultTokenStore like the tokens: with server sessions they are
// HttpOnly (session-mode.ts), so no script on the page reads the device secret. Nothing in them is
// trusted: Cognito checks the key belongs to the user and the secret proves the device.
const DEVICE_SUFFIX = /\.(?:deviceKey|deviceGroupKey|randomPasswordKey)$/
// Cognito's DeviceKey: `<region>_<uuid>`, at most 55 characters.
const DEVICE_KEY = /^[\w-]{1,20}_[\da-f-]{1,40}$/
const MAX_SECRET = 1024

/** Whether a cookie name (chunks folded) is one of a device's three keys. */
export const isDeviceCookie = (name: string) => DEVICE_SUFFIX.test(name)

function storeOf(event: H3Event): DefaultTokenStore {
  const auth = resolveResourcesConfig(amplifyRuntimeConfig()).Auth
  const store = new DefaultTokenStore()
  store.setAuthConfig(auth!)
  store.setKeyValueStorage(requestOf(event))
  return store
}

/** This browser's remembered device for `username`, when its three cookies are there and well-formed. */
export async function readDevice(event: H3Event, username: string): Promise<DeviceMetadata | undefined> {
  const { deviceKey, deviceGroupKey, randomPassword } = await storeOf(event).getDeviceMetadata(username) ?? {}
  if (!deviceKey || !DEVICE_KEY.test(deviceKey) || !deviceGroupKey || deviceGroupKey.length > MAX_SECRET || !randomPassword || randomPassword.length > MAX_SECRET) return undefined
  return { deviceKey, deviceGroupKey, randomPassword }
}

/** Deletes the device cookies of `username` (the signed-in user's when omitted). */
export async function forgetDeviceCookies(event: H3Event, username?: string): Promise<void> {
  await storeOf(event).clearDeviceMetadata(username)
}
