import { big, bytesHex, defaultModPow, g, hexBytes, padHex, passwordClaimSignature, sha256, srpClient, srpTimestamp } from './srp-math'
import { callCognito, CognitoError, type CognitoPool } from './cognito-client'
import type { CognitoAuthAnswer } from '../routes/sign-in-result'

/** What a remembered device keeps (Amplify's DeviceMetadata: its token store's deviceKey, deviceGroupKey, randomPasswordKey). */
export interface DeviceMetadata { deviceKey: string, deviceGroupKey: string, randomPassword: string }

const base64OfHex = (hex: string) => btoa(String.fromCharCode(...hexBytes(hex)))

/**
 * A new device's secret and the SRP verifier Cognito keeps for it (ConfirmDevice's
 * DeviceSecretVerifierConfig), as Amplify's AuthenticationHelper.generateHashDevice makes them:
 * a random password (40 random bytes, base64), a 16-byte salt, x = H(PAD(salt) | H(groupKey + deviceKey
 * + ':' + password)), verifier g^x mod N; salt and verifier as base64 of their padded hex.
 */
export async function newDeviceSecret(deviceGroupKey: string, deviceKey: string): Promise<{ randomPassword: string, config: { Salt: string, PasswordVerifier: string } }> {
  const randomPassword = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(40))))
  const saltHex = padHex(big(bytesHex(crypto.getRandomValues(new Uint8Array(16)))))
  const inner = await sha256(new TextEncoder().encode(`${deviceGroupKey}${deviceKey}:${randomPassword}`))
  const x = big(await sha256(hexBytes(saltHex + inner)))
  const verifier = padHex(defaultModPow()(g, x))
  return { randomPassword, config: { Salt: base64OfHex(saltHex), PasswordVerifier: base64OfHex(verifier) } }
}

/**
 * Cognito's DEVICE_SRP_AUTH challenge (after the password step named a known device): the device proves
 * its secret with the same SRP as a password, the device group key standing for the pool name and the
 * device key for the user (Amplify's handleDeviceSRPAuth). Resolves with Cognito's answer: tokens, or
 * the MFA challenge when the device does not skip it.
 */
export async function answerDeviceSrp(pool: CognitoPool, start: CognitoAuthAnswer, username: string, device: DeviceMetadata, metadata: { ClientMetadata?: Record<string, string> }): Promise<CognitoAuthAnswer> {
  const client = srpClient()
  const user = start.ChallengeParameters?.USERNAME || username
  const challenge = await callCognito<CognitoAuthAnswer>(pool, 'RespondToAuthChallenge', {
    ChallengeName: 'DEVICE_SRP_AUTH', ClientId: pool.clientId, Session: start.Session,
    ChallengeResponses: { USERNAME: user, SRP_A: client.srpA, DEVICE_KEY: device.deviceKey }, ...metadata,
  })
  const params = challenge.ChallengeParameters ?? {}
  const { SALT: saltHex, SRP_B: srpB, SECRET_BLOCK: secretBlock } = params
  if (challenge.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER' || !saltHex || !srpB || !secretBlock || !/^[0-9a-f]+$/i.test(saltHex + srpB)) {
    throw new CognitoError('InvalidResponse', 'Cognito answered the device challenge without its parameters.', true)
  }
  const timestamp = srpTimestamp()
  let signature: string
  try {
    signature = await passwordClaimSignature(client, { poolName: device.deviceGroupKey, userId: device.deviceKey, password: device.randomPassword, saltHex, srpB, secretBlock, timestamp })
  }
  catch {
    throw new CognitoError('InvalidResponse', 'Cognito answered the device challenge with an invalid SRP_B.', true)
  }
  return callCognito<CognitoAuthAnswer>(pool, 'RespondToAuthChallenge', {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER', ClientId: pool.clientId, Session: challenge.Session,
    ChallengeResponses: { USERNAME: params.USERNAME || user, PASSWORD_CLAIM_SECRET_BLOCK: secretBlock, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature, DEVICE_KEY: device.deviceKey },
    ...metadata,
  })
}
