// The module's SRP client with OpenSSL's modular exponentiation (node:crypto's raw RSA public operation) and with
// BigInt: the same numbers for random inputs, and both accepted by the Cognito side the shim implements
// (test/support/srp-math.ts, an independent BigInt implementation written from Amplify's client).
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bigIntModPow, nativeModPow } from '../../src/runtime/server/cognito/srp-mod-pow'
import { N, defaultModPow, passwordClaimSignature, srpClient, srpTimestamp } from '../../src/runtime/server/cognito/srp-math'
import { modPow as cognitoModPow, passwordChallenge } from './../support/srp-math'

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
    const { check, ...claim } = passwordChallenge('TestPool', srpTimestamp())
    const client = srpClient(modPow)
    const signature = await passwordClaimSignature(client, claim, modPow)
    expect(check(client.A, signature)).toBe(true)
    expect(check(client.A, await passwordClaimSignature(client, { ...claim, password: `${claim.password}x` }, modPow))).toBe(false)
    // The other engine, with the same ephemeral, signs the very same bytes.
    expect(await passwordClaimSignature(client, claim, modPow === native ? bigInt : native)).toBe(signature)
  })
})
