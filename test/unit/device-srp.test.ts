// The module's device secret and its SRP verifier (src/runtime/server/cognito/device-srp.ts), checked
// against the Cognito side the shim implements (test/support/srp-math.ts, an independent BigInt
// implementation): the verifier ConfirmDevice gets is the one of the secret kept in the cookie.
import { describe, expect, it } from 'vitest'
import { newDeviceSecret } from '../../src/runtime/server/cognito/device-srp'
import { verifier } from '../support/srp-math'

const hexOf = (base64: string) => Buffer.from(base64, 'base64').toString('hex')

describe('device secret', () => {
  it('the verifier is g^x of the secret, the device group key and the device key (as Cognito checks it)', async () => {
    for (let i = 0; i < 4; i++) {
      const groupKey = `-group${i}`
      const deviceKey = `us-east-1_00000000-0000-0000-0000-00000000000${i}`
      const { randomPassword, config } = await newDeviceSecret(groupKey, deviceKey)
      expect(Buffer.from(randomPassword, 'base64')).toHaveLength(40)
      const v = BigInt(`0x${hexOf(config.PasswordVerifier)}`)
      expect(v).toBe(verifier(groupKey, deviceKey, randomPassword, hexOf(config.Salt)))
      expect(v).not.toBe(verifier(groupKey, deviceKey, `${randomPassword}x`, hexOf(config.Salt)))
    }
  })

  it('a fresh secret and salt every time', async () => {
    const a = await newDeviceSecret('-g', 'us-east-1_1')
    const b = await newDeviceSecret('-g', 'us-east-1_1')
    expect(a.randomPassword).not.toBe(b.randomPassword)
    expect(a.config.Salt).not.toBe(b.config.Salt)
  })
})
