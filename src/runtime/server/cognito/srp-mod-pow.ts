import { createDiffieHellman, type DiffieHellman } from 'node:crypto'

/** `base^exponent mod N` for SRP's group prime N (base ≥ 0, exponent > 0). */
export type ModPow = (base: bigint, exponent: bigint) => bigint

const ZERO = BigInt(0)
const ONE = BigInt(1)

/** Square-and-multiply in BigInt: runs anywhere, about 10× the CPU of OpenSSL's (test/bench). */
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

/** Big-endian bytes of n ≥ 0, hex left-padded to whole bytes. */
function bytesOf(n: bigint): Buffer {
  const hex = n.toString(16)
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')
}

/**
 * OpenSSL's modular exponentiation through node:crypto's Diffie-Hellman: with private key `e`,
 * `computeSecret(base)` is `base^e mod N`. One object per process (building it checks the prime, about
 * 20 ms); every call sets its own key and computes synchronously, so calls never interleave.
 * OpenSSL refuses a base of 0, 1 or N-1 and above (a peer key no honest party sends); those few take
 * the BigInt path, so the result is the same for every input.
 * Undefined where node:crypto has no working Diffie-Hellman (Workers without nodejs_compat, whose
 * polyfill throws "not implemented"): a known answer (3^5 = 243) is checked once before it is used.
 */
export function nativeModPow(modulus: bigint, fallback: ModPow = bigIntModPow(modulus)): ModPow | undefined {
  let dh: DiffieHellman
  try {
    dh = createDiffieHellman(bytesOf(modulus), 2)
    dh.setPrivateKey(bytesOf(BigInt(5)))
    if (dh.computeSecret(bytesOf(BigInt(3))).toString('hex').replace(/^0+/, '') !== 'f3') return undefined
  }
  catch {
    return undefined
  }
  const limit = modulus - ONE
  return (base, exponent) => {
    const b = ((base % modulus) + modulus) % modulus
    if (b <= ONE || b >= limit) return fallback(b, exponent)
    dh.setPrivateKey(bytesOf(exponent))
    return BigInt(`0x${dh.computeSecret(bytesOf(b)).toString('hex')}`)
  }
}
