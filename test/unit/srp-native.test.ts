// The module's SRP client with OpenSSL's modular exponentiation (node:crypto's raw RSA public operation) and with
// BigInt: the same numbers for random inputs, and both accepted by the Cognito side the shim implements
// (test/support/srp-math.ts, an independent BigInt implementation written from Amplify's client).
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bigIntModPow, nativeModPow } from '../../src/runtime/server/cognito/srp-mod-pow'
import { N, defaultModPow, passwordClaimSignature, srpClient, srpTimestamp } from '../../src/runtime/server/cognito/srp-math'
import { expectedSignature, modPow as cognitoModPow, serverEphemeral, sessionKey, verifier, signatureMatches } from './../support/srp-math'

const native = nativeModPow(N)!
const bigInt = bigIntModPow(N)
const random = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString('hex')}`)

describe('SRP modular exponentiation: OpenSSL and BigInt', () => {
  it('node:crypto has it on Node, and the module uses it there', () => {
    expect(native).toBeTypeOf('function')
    expect(defaultModPow()).not.toBe(bigInt)
    expect(defaultModPow()(BigInt(3), BigInt(5))).toBe(BigInt(243))
  })

  it('the same results for random bases and exponents of every size SRP uses, and for the shim\'s own modPow', () => {
    for (let i = 0; i < 8; i++) {
      const base = random(384) % N
      // 128-byte `a`, 32-byte `x`, and `a + u·x` (up to 1025 bits), plus small ones.
      for (const exponent of [random(128), random(32), random(128) + random(32) * random(32), BigInt(1 + i)]) {
        const expected = cognitoModPow(base, exponent, N)
        expect(native(base, exponent)).toBe(expected)
        expect(bigInt(base, exponent)).toBe(expected)
      }
    }
  })

  it('bases OpenSSL refuses (0, 1, N-1, N and beyond, negative) and exponents 0 and 1 still give the BigInt answer', () => {
    const one = BigInt(1)
    for (const base of [BigInt(0), one, N - one, N, N + one, N + BigInt(2), -BigInt(7), BigInt(2)]) {
      for (const exponent of [random(128), BigInt(0), one]) expect(native(base, exponent)).toBe(cognitoModPow(base, exponent, N))
    }
  })
})

describe('SRP sign-in signature against the Cognito side', () => {
  it.each([['OpenSSL', native], ['BigInt', bigInt]] as const)('%s: the signature is the one Cognito expects; a wrong password is refused', async (_name, modPow) => {
    expect(modPow).toBeTypeOf('function') // (else srpClient would quietly take the default)
    const poolName = 'TestPool'
    const userId = `user-${randomBytes(4).toString('hex')}`
    const password = `Pa55-${randomBytes(6).toString('hex')}`
    const saltHex = randomBytes(16).toString('hex')
    const v = verifier(poolName, userId, password, saltHex)
    const server = serverEphemeral(v)
    const secretBlock = randomBytes(64).toString('base64')
    const timestamp = srpTimestamp()
    const client = srpClient(modPow)
    const claim = { poolName, userId, password, saltHex, srpB: server.B.toString(16), secretBlock, timestamp }
    const signature = await passwordClaimSignature(client, claim, modPow)
    const expected = expectedSignature(sessionKey(client.A, server.B, server.b, v), poolName, userId, secretBlock, timestamp)
    expect(signatureMatches(expected, signature)).toBe(true)
    expect(signatureMatches(expected, await passwordClaimSignature(client, { ...claim, password: `${password}x` }, modPow))).toBe(false)
    // The other engine, with the same ephemeral, signs the very same bytes.
    expect(await passwordClaimSignature(client, claim, modPow === native ? bigInt : native)).toBe(signature)
  })
})
