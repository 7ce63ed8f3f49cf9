import { getRequestHeader, type H3Event } from 'h3'
import type { CognitoAuthAnswer } from '../routes/sign-in-result'
import type { RouteSignInOptions } from '../routes/amplify-options'
import { forgetDeviceCookies, readDevice } from '../session/device-cookies'
import { callCognito, type CognitoPool } from './cognito-client'
import { answerDeviceSrp, type DeviceMetadata, newDeviceSecret } from './device-srp'
import { signInWithFlow } from './sign-in-flow'

/**
 * A password sign-in from a browser that may hold a remembered device, as Amplify's signIn does it:
 * the device key goes with the password; Cognito then asks the device to prove its secret
 * (DEVICE_SRP_AUTH), which skips MFA for a remembered device. A key Cognito does not know for this user
 * ("Device does not exist.": forgotten, or another user's) is dropped and the sign-in retried without it,
 * as Amplify's retryOnResourceNotFoundException does.
 */
export async function signInWithDevice(event: H3Event, pool: CognitoPool, username: string, password: string, options: RouteSignInOptions): Promise<CognitoAuthAnswer> {
  const device = await readDevice(event, username)
  if (!device) return signInWithFlow(pool, username, password, options)
  const metadata = options.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}
  try {
    const answer = await signInWithFlow(pool, username, password, options, device.deviceKey)
    return answer.ChallengeName === 'DEVICE_SRP_AUTH' ? await answerDeviceSrp(pool, answer, username, device, metadata) : answer
  }
  catch (error) {
    if ((error as Error)?.name !== 'ResourceNotFoundException' || !String((error as Error).message).includes('Device does not exist')) throw error
    await forgetDeviceCookies(event, username)
    return signInWithFlow(pool, username, password, options)
  }
}

/**
 * A challenge answer (confirm-sign-in) from a browser with a device: the device key goes with it, and
 * Cognito may then ask for the device's proof, as Amplify's confirmSignIn handles (DEVICE_SRP_AUTH after
 * an MFA or custom challenge).
 */
export async function respondWithDevice(event: H3Event, pool: CognitoPool, username: string, request: Record<string, unknown> & { ChallengeResponses: Record<string, string> }, metadata: { ClientMetadata?: Record<string, string> }): Promise<CognitoAuthAnswer> {
  const device = await readDevice(event, username)
  if (device) request.ChallengeResponses.DEVICE_KEY = device.deviceKey
  const answer = await callCognito<CognitoAuthAnswer>(pool, 'RespondToAuthChallenge', request)
  return answer.ChallengeName === 'DEVICE_SRP_AUTH' && device ? await answerDeviceSrp(pool, answer, username, device, metadata) : answer
}

/**
 * After a sign-in whose tokens came with NewDeviceMetadata (a pool that tracks devices, a new device):
 * ConfirmDevice with a fresh device secret's verifier, named after the browser (its User-Agent, as
 * Amplify names it after navigator.userAgent). The device's keys and secret are then stored with the
 * tokens. As in Amplify's getNewDeviceMetadata, a failure leaves the sign-in signed in, without a device.
 */
export async function confirmNewDevice(event: H3Event, pool: CognitoPool, accessToken: string, metadata: { DeviceKey?: string, DeviceGroupKey?: string } | undefined): Promise<DeviceMetadata | undefined> {
  const { DeviceKey: deviceKey, DeviceGroupKey: deviceGroupKey } = metadata ?? {}
  if (typeof deviceKey !== 'string' || typeof deviceGroupKey !== 'string') return undefined
  try {
    const secret = await newDeviceSecret(deviceGroupKey, deviceKey)
    const name = (getRequestHeader(event, 'user-agent') ?? '').slice(0, 256) || 'nuxt-amplify'
    await callCognito(pool, 'ConfirmDevice', { AccessToken: accessToken, DeviceKey: deviceKey, DeviceName: name, DeviceSecretVerifierConfig: secret.config })
    return { deviceKey, deviceGroupKey, randomPassword: secret.randomPassword }
  }
  catch {
    return undefined
  }
}
