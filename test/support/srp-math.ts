// The server half of Cognito's SRP-6a variant, written from the client half in
// node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/ (aws-amplify 6.22.1):
// - group: RFC 5054 3072-bit N (constants.mjs INIT_N), g = 2, k = H(PAD(N) | PAD(g));
// - PAD(n) = hex of n, even length, with "00" prepended when the top bit is set (getPaddedHex);
//   hashes are SHA-256 over the bytes of such hex strings (getHashFromHex);
// - x = H(PAD(salt) | hex(H(poolName + userId + ':' + password))) (AuthenticationHelper);
// - u = H(PAD(A) | PAD(B)); the client's S = (B - k·g^x)^(a + u·x), the server's S = (A·v^u)^b;
// - key = HKDF-SHA256(ikm = PAD(S), salt = PAD(u), info = 'Caldera Derived Key' + 0x01), 16 bytes
//   (getHkdfKey: one HMAC block, so it is HKDF's expand step for a 16-byte output);
// - PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, poolName | userId | SECRET_BLOCK bytes | TIMESTAMP))
//   (getSignatureString).
// Plain BigInt arithmetic: slow-ish (a few ms per exponentiation), plenty for tests.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const N = BigInt(`0x${
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD'
  + 'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED'
  + 'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F'
  + '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B'
  + 'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510'
  + '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7'
  + 'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C'
  + 'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF'}`)
export const g = 2n

/** getPaddedHex for non-negative numbers. */
export function padHex(n: bigint): string {
  let hex = n.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest()
/** getHashFromHex: SHA-256 of the bytes a hex string spells, as a hex string. */
const hashHex = (hex: string) => sha256(Buffer.from(hex, 'hex')).toString('hex')
const toBig = (hex: string) => BigInt(`0x${hex}`)

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = ((base % modulus) + modulus) % modulus
  let e = exponent
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
    e >>= 1n
  }
  return result
}

export const k = toBig(hashHex(padHex(N) + padHex(g)))

/** The password verifier v = g^x for one salt (hex) and password. */
export function verifier(poolName: string, userId: string, password: string, saltHex: string): bigint {
  const inner = sha256(`${poolName}${userId}:${password}`).toString('hex')
  const x = toBig(hashHex(padHex(toBig(saltHex)) + inner))
  return modPow(g, x, N)
}

export interface ServerEphemeral { b: bigint, B: bigint }

/** B = k·v + g^b mod N, with a fresh random b. */
export function serverEphemeral(v: bigint): ServerEphemeral {
  const b = toBig(randomBytes(128).toString('hex'))
  const B = (k * v + modPow(g, b, N)) % N
  return B === 0n ? serverEphemeral(v) : { b, B }
}

/** Parses the client's SRP_A (hex). Undefined when malformed or A ≡ 0 (mod N), which would let anyone in. */
export function parseClientA(hex: unknown): bigint | undefined {
  if (typeof hex !== 'string' || !/^[0-9a-f]{1,1024}$/i.test(hex)) return undefined
  const A = toBig(hex)
  return A % N === 0n ? undefined : A
}

/** The 16-byte session key both sides derive. */
export function sessionKey(A: bigint, B: bigint, b: bigint, v: bigint): Buffer {
  const u = toBig(hashHex(padHex(A) + padHex(B)))
  const S = modPow(A * modPow(v, u, N), b, N)
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex')).update(Buffer.from(padHex(S), 'hex')).digest()
  return createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])])).digest().subarray(0, 16)
}

/** The signature a client holding the right password sends. */
export function expectedSignature(key: Buffer, poolName: string, userId: string, secretBlock: string, timestamp: string): Buffer {
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp)]))
    .digest()
}

/** Constant-time comparison of the claimed signature (base64) with the expected one. */
export function signatureMatches(expected: Buffer, claimed: unknown): boolean {
  if (typeof claimed !== 'string') return false
  const got = Buffer.from(claimed, 'base64')
  return got.length === expected.length && timingSafeEqual(got, expected)
}

/** Cognito's side of one password sign-in, made ahead: what its PASSWORD_VERIFIER challenge carries. */
export interface PasswordChallenge {
  poolName: string
  userId: string
  password: string
  saltHex: string
  srpB: string
  secretBlock: string
  timestamp: string
  /** Whether Cognito accepts `signature` from a client whose SRP_A was `A`. */
  check: (A: bigint, signature: unknown) => boolean
}

/** A fresh user (random id, password, salt) and Cognito's challenge for it, at `timestamp`. */
export function passwordChallenge(poolName: string, timestamp: string): PasswordChallenge {
  const userId = `user-${randomBytes(4).toString('hex')}`
  const password = `Pa55-${randomBytes(6).toString('hex')}`
  const saltHex = randomBytes(16).toString('hex')
  const v = verifier(poolName, userId, password, saltHex)
  const server = serverEphemeral(v)
  const secretBlock = randomBytes(64).toString('base64')
  const check = (A: bigint, signature: unknown) => signatureMatches(expectedSignature(sessionKey(A, server.B, server.b, v), poolName, userId, secretBlock, timestamp), signature)
  return { poolName, userId, password, saltHex, srpB: server.B.toString(16), secretBlock, timestamp, check }
}
