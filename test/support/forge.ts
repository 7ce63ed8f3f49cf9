// Hostile tokens for the security tests. Genuine emulator tokens come from a real sign-in; these
// helpers derive forged variants from them. cognito-local signs every pool's tokens with one fixed
// key (node_modules/cognito-local/lib/keys), which lets tests mint tokens the emulator itself could
// have issued (to show that a check other than the signature is what rejects them).
import { createRequire } from 'node:module'
import { generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose'
import { jwtPayload } from './cookies'

const KID = 'CognitoLocal'

/** The emulator's own signing key: tokens signed with it carry a genuine signature. */
export async function emulatorKey() {
  const require = createRequire(import.meta.url)
  const { jwk } = require('cognito-local/lib/keys/cognitoLocal.private.json') as { jwk: JWK }
  return importJWK(jwk, 'RS256')
}

/** A fresh RSA key nobody trusts, for "signed by someone else" tokens. */
export async function strangerKey() {
  return (await generateKeyPair('RS256')).privateKey
}

/** Signs `claims` (kid CognitoLocal, RS256) with `key`. */
export async function signToken(claims: JWTPayload, key: Awaited<ReturnType<typeof emulatorKey>> | CryptoKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' }).sign(key)
}

/** Re-signs a genuine token's claims, changed by `patch`, with `key`. */
export async function resign(token: string, key: Awaited<ReturnType<typeof emulatorKey>> | CryptoKey, patch: JWTPayload = {}): Promise<string> {
  return signToken({ ...jwtPayload(token), ...patch }, key)
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** The genuine header and signature around a changed payload. */
export function tamper(token: string, patch: JWTPayload): string {
  const [header, , signature] = token.split('.')
  return `${header}.${b64({ ...jwtPayload(token), ...patch })}.${signature}`
}

/** The same claims, unsigned, with `alg: none` (the classic JWT forgery). */
export function algNone(token: string): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid: KID })}.${b64(jwtPayload(token))}.`
}

/** Replaces the cookie of the jar whose name ends with `.<suffix>`. */
export function withCookie(jar: Record<string, string>, suffix: string, value: string): Record<string, string> {
  const name = Object.keys(jar).find(n => n.endsWith(`.${suffix}`))
  if (!name) throw new Error(`no .${suffix} cookie in the jar`)
  return { ...jar, [name]: value }
}

/** The jar's cookie whose name ends with `.<suffix>`. */
export function cookieOf(jar: Record<string, string>, suffix: string): string {
  const entry = Object.entries(jar).find(([n]) => n.endsWith(`.${suffix}`))
  if (!entry) throw new Error(`no .${suffix} cookie in the jar`)
  return entry[1]
}

/** The jar without its cookie whose name ends with `.<suffix>`. */
export function withoutCookie(jar: Record<string, string>, suffix: string): Record<string, string> {
  cookieOf(jar, suffix) // throws when there is none: a test that removes nothing proves nothing
  return Object.fromEntries(Object.entries(jar).filter(([n]) => !n.endsWith(`.${suffix}`)))
}
