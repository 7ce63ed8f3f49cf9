import { constants, createPublicKey, publicEncrypt } from 'node:crypto'

/** `base^exponent mod N` for SRP's group prime N (any base, exponent ≥ 0). */
export type ModPow = (base: bigint, exponent: bigint) => bigint

const ZERO = BigInt(0)
const ONE = BigInt(1)
const TWO = BigInt(2)

/** Square-and-multiply in BigInt: runs anywhere, about 6× the CPU of OpenSSL's (npm run bench:srp). */
export function bigIntModPow(modulus: bigint): ModPow {
  return (base, exponent) => {
    let result = ONE
    let b = ((base % modulus) + modulus) % modulus
    for (let e = exponent; e > ZERO; e >>= ONE) {
      if (e & ONE) result = (result * b) % modulus
      b = (b * b) % modulus
    }
    return result
  }
}

/** Big-endian bytes of n ≥ 0, hex left-padded to whole bytes, or to `length` bytes. */
function bytesOf(n: bigint, length = 0): Buffer {
  const hex = n.toString(16)
  return Buffer.from(hex.padStart(Math.max(length * 2, hex.length + (hex.length % 2)), '0'), 'hex')
}

/**
 * OpenSSL's modular exponentiation through node:crypto: the raw RSA public operation (no padding)
 * with modulus N and public exponent `e` is exactly `base^e mod N`, the same numbers as BigInt.
 * Not Diffie-Hellman (`createDiffieHellman(N, 2)` with `setPrivateKey`/`computeSecret`), which gives
 * the same results but not the same cost everywhere: Node 24 checks the prime when the object is
 * built (1.7 s of blocked event loop, once per process), and Node 22's `computeSecret` validates the
 * peer key with a full extra exponentiation (3× the cost). This costs the same on Node 20, 22 and 24.
 * Like BigInt it is not constant-time; the exponents are fresh per sign-in (`a`, `a + u·x`, the
 * random `a` masking `x`), or `x` itself, computed from the password the caller submitted.
 * Bases OpenSSL would refuse (0, 1, N-1, multiples of N) and exponents below 2 take `fallback`, so the
 * result is the same for every input. Undefined where node:crypto cannot do it (Workers without
 * nodejs_compat, whose polyfill throws "not implemented"): a known answer is checked once first.
 */
export function nativeModPow(modulus: bigint, fallback: ModPow = bigIntModPow(modulus)): ModPow | undefined {
  let n: string
  let size: number
  const pow = (base: bigint, exponent: bigint) => {
    const key = createPublicKey({ key: { kty: 'RSA', n, e: bytesOf(exponent).toString('base64url') }, format: 'jwk' })
    return BigInt(`0x${publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, bytesOf(base, size)).toString('hex')}`)
  }
  try {
    const bytes = bytesOf(modulus)
    n = bytes.toString('base64url')
    size = bytes.length
    if (pow(BigInt(3), BigInt(5)) !== BigInt(243)) return undefined
  }
  catch {
    return undefined
  }
  const limit = modulus - ONE
  return (base, exponent) => {
    const b = ((base % modulus) + modulus) % modulus
    return b <= ONE || b >= limit || exponent < TWO ? fallback(b, exponent) : pow(b, exponent)
  }
}
