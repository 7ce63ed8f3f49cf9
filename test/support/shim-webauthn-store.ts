// What the WebAuthn stand-in keeps (shim-webauthn.ts, shim-webauthn-sign-in.ts): each pool's
// WebAuthnConfiguration (relying party id, user verification), each user's registered passkeys,
// and the pending registration challenges. Everything a client can fill is bounded in bytes or
// by a fixed-size entry count: passkeys by their bytes (public key, id, name, transports), with
// Cognito's 20 per user; pending registrations one per user, fixed size, at most MAX_PENDING.
import type { WebAuthnCredential } from '@simplewebauthn/server'

export interface WebAuthnPoolConfig { relyingPartyId: string, userVerification: 'required' | 'preferred' }
export interface StoredPasskey {
  credential: WebAuthnCredential
  relyingPartyId: string
  friendlyName?: string
  attachment?: string
  createdAt: number
}

/** Cognito's quota of passkeys per user. */
export const MAX_PASSKEYS_PER_USER = 20
/** All passkeys of all users together, in bytes: a flood of registrations ends in LimitExceededException. */
export const MAX_PASSKEY_BYTES = 4 * 1024 * 1024
const MAX_POOLS = 64
export const MAX_PENDING = 10_000
/** Cognito's registration and sign-in challenges last as long as its auth sessions. */
export const CHALLENGE_TTL_MS = 3 * 60_000

const sizeOf = (p: StoredPasskey) => p.credential.publicKey.byteLength + p.credential.id.length
  + (p.friendlyName?.length ?? 0) + (p.attachment?.length ?? 0) + (p.credential.transports ?? []).join().length + 64

export class WebAuthnStore {
  private readonly configs = new Map<string, WebAuthnPoolConfig>()
  private readonly passkeys = new Map<string, StoredPasskey[]>()
  private readonly pending = new Map<string, { challenge: string, relyingPartyId: string, expiresAt: number }>()
  private bytes = 0

  configure(poolId: string, config: WebAuthnPoolConfig): void {
    if (!this.configs.has(poolId) && this.configs.size >= MAX_POOLS) this.configs.delete(this.configs.keys().next().value!)
    this.configs.set(poolId, config)
  }

  config(poolId: string): WebAuthnPoolConfig | undefined {
    return this.configs.get(poolId)
  }

  /** A user's passkeys (key: pool id and the user's `sub`, which a username change does not move). */
  list(userKey: string): StoredPasskey[] {
    return this.passkeys.get(userKey) ?? []
  }

  /** Adds a passkey, or says why not: the user's quota, or the stand-in's byte bound. */
  add(userKey: string, passkey: StoredPasskey): 'added' | 'user-limit' | 'full' {
    const list = this.list(userKey)
    if (list.length >= MAX_PASSKEYS_PER_USER) return 'user-limit'
    if (this.bytes + sizeOf(passkey) > MAX_PASSKEY_BYTES) return 'full'
    this.bytes += sizeOf(passkey)
    this.passkeys.set(userKey, [...list, passkey])
    return 'added'
  }

  remove(userKey: string, credentialId: string): boolean {
    const list = this.list(userKey)
    const kept = list.filter(p => p.credential.id !== credentialId)
    if (kept.length === list.length) return false
    for (const gone of list.filter(p => p.credential.id === credentialId)) this.bytes -= sizeOf(gone)
    if (kept.length) this.passkeys.set(userKey, kept)
    else this.passkeys.delete(userKey)
    return true
  }

  get storedBytes(): number {
    return this.bytes
  }

  get pendingRegistrations(): number {
    return this.pending.size
  }

  /** A new registration challenge replaces the user's previous one, as Cognito keeps one per user. */
  startRegistration(userKey: string, challenge: string, relyingPartyId: string): void {
    this.pending.delete(userKey)
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!)
    this.pending.set(userKey, { challenge, relyingPartyId, expiresAt: Date.now() + CHALLENGE_TTL_MS })
  }

  /** The user's pending registration challenge, used up by this call (single-use, right or wrong). */
  takeRegistration(userKey: string): { challenge: string, relyingPartyId: string } | undefined {
    const entry = this.pending.get(userKey)
    this.pending.delete(userKey)
    return entry && entry.expiresAt > Date.now() ? entry : undefined
  }
}

/**
 * Whether a page at `origin` may use passkeys of `relyingPartyId`, as browsers and Cognito allow it:
 * the origin's host is the RP ID or a subdomain of it, over https (or http on localhost / 127.0.0.1,
 * which browsers treat as a secure context; the stand-in allows those so tests need no TLS).
 */
export function originAllowed(origin: unknown, relyingPartyId: string): origin is string {
  if (typeof origin !== 'string' || origin.length > 2048) return false
  let url: URL
  try {
    url = new URL(origin)
  }
  catch {
    return false
  }
  if (url.origin !== origin) return false
  const host = url.hostname
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && (host === 'localhost' || host === '127.0.0.1'))
  return secure && (host === relyingPartyId || host.endsWith(`.${relyingPartyId}`))
}

/** The `origin` a client's clientDataJSON names (unverified: the verifier checks it against the RP). */
export function clientDataOrigin(credential: any): unknown {
  try {
    return JSON.parse(Buffer.from(String(credential?.response?.clientDataJSON ?? ''), 'base64url').toString('utf8'))?.origin
  }
  catch {
    return undefined
  }
}

/** Maps @simplewebauthn's verification errors to the error Cognito answers for the same fault. */
export function webAuthnErrorType(message: string): string {
  if (/RP ID/i.test(message)) return 'WebAuthnRelyingPartyMismatchException'
  if (/origin/i.test(message)) return 'WebAuthnOriginNotAllowedException'
  if (/challenge/i.test(message)) return 'WebAuthnChallengeNotFoundException'
  if (/alg|Attestation Format|attestation/i.test(message)) return 'WebAuthnCredentialNotSupportedException'
  return 'NotAuthorizedException'
}
