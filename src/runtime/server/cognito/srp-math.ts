// The client half of Cognito's SRP-6a variant, as @aws-amplify/auth computes it
// (providers/cognito/utils/srp/: AuthenticationHelper, getPaddedHex, getHashFromHex, getHkdfKey,
// getSignatureString), which Amplify does not export. Hashes through WebCrypto; the two large modular
// exponentiations through OpenSSL where node:crypto has it, BigInt elsewhere (srp-mod-pow.ts), so it
// runs on Node and on edge runtimes alike.
import { bigIntModPow, nativeModPow, type ModPow } from './srp-mod-pow'

export const N = BigInt(`0x${
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD'
  + 'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED'
  + 'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F'
  + '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B'
  + 'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510'
  + '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7'
  + 'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C'
  + 'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF'}`)
// (BigInt(…), not `2n` literals: the build targets es2019, whose syntax has none; the runtime has BigInt)
const ZERO = BigInt(0)
export const g = BigInt(2)
const encoder = new TextEncoder()
// (WebCrypto takes bytes over an ArrayBuffer, not a SharedArrayBuffer)
type Bytes = Uint8Array<ArrayBuffer>

/** Hex of n, even length, "00" first when the top bit is set (Amplify's getPaddedHex, n ≥ 0). */
export function padHex(n: bigint): string {
  let hex = n.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex
}

export function hexBytes(hex: string): Bytes {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return bytes
}

export function bytesHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map(byte => byte.toString(16).padStart(2, '0')).join('')
}

export const big = (hex: string) => BigInt(`0x${hex}`)

export async function sha256(data: Bytes): Promise<string> {
  return bytesHex(await crypto.subtle.digest('SHA-256', data))
}

async function hmac(key: Bytes, data: Bytes): Promise<Bytes> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data))
}

let chosen: ModPow | undefined
/** mod-N exponentiation: OpenSSL's when node:crypto has it (about 10× less CPU, test/bench), else BigInt; chosen on first use. */
export function defaultModPow(): ModPow {
  return chosen ??= nativeModPow(N) ?? bigIntModPow(N)
}

let kOnce: Promise<bigint> | undefined
const multiplier = () => kOnce ??= sha256(hexBytes(padHex(N) + padHex(g))).then(big)

export interface SrpClient { a: bigint, A: bigint, srpA: string }

/** A fresh client ephemeral: a random `a` (128 bytes) and `A = g^a mod N` (SRP_A). */
export function srpClient(modPow: ModPow = defaultModPow()): SrpClient {
  const a = big(bytesHex(crypto.getRandomValues(new Uint8Array(128))))
  const A = modPow(g, a)
  return A % N === ZERO ? srpClient(modPow) : { a, A, srpA: A.toString(16) }
}

export interface PasswordClaim { poolName: string, userId: string, password: string, saltHex: string, srpB: string, secretBlock: string, timestamp: string }

/** PASSWORD_CLAIM_SIGNATURE for Cognito's PASSWORD_VERIFIER challenge. Throws on a B Cognito would never send. */
export async function passwordClaimSignature(client: SrpClient, claim: PasswordClaim, modPow: ModPow = defaultModPow()): Promise<string> {
  const B = big(claim.srpB)
  if (B % N === ZERO) throw new Error('Invalid SRP_B')
  const u = big(await sha256(hexBytes(padHex(client.A) + padHex(B))))
  if (u === ZERO) throw new Error('Invalid SRP_B')
  const inner = await sha256(encoder.encode(`${claim.poolName}${claim.userId}:${claim.password}`))
  const x = big(await sha256(hexBytes(padHex(big(claim.saltHex)) + inner)))
  const k = await multiplier()
  const S = modPow(B - k * modPow(g, x), client.a + u * x)
  // HKDF-SHA256 with a 16-byte output: one HMAC block (Amplify's getHkdfKey).
  const prk = await hmac(hexBytes(padHex(u)), hexBytes(padHex(S)))
  const key = (await hmac(prk, new Uint8Array([...encoder.encode('Caldera Derived Key'), 1]))).slice(0, 16)
  const secret = Uint8Array.from(atob(claim.secretBlock), char => char.charCodeAt(0))
  const message = new Uint8Array([...encoder.encode(claim.poolName), ...encoder.encode(claim.userId), ...secret, ...encoder.encode(claim.timestamp)])
  return btoa(String.fromCharCode(...await hmac(key, message)))
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Cognito's TIMESTAMP: `Tue Dec 1 15:04:05 UTC 2026` (day of month unpadded; Amplify's getNowString). */
export function srpTimestamp(now = new Date()): string {
  const time = [now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()].map(n => String(n).padStart(2, '0')).join(':')
  return `${DAYS[now.getUTCDay()]} ${MONTHS[now.getUTCMonth()]} ${now.getUTCDate()} ${time} UTC ${now.getUTCFullYear()}`
}
