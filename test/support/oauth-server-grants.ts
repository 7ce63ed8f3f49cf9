// What Cognito's authorization endpoint remembers between the redirect to a login page and the token
// request, and the rules it enforces on it: a pending login (the authorize parameters, until the
// user answers the login page) and an authorization code that is single-use, short-lived, bound to
// the client, to the exact redirect_uri and to the PKCE S256 challenge.
import { createHash, randomBytes } from 'node:crypto'
import type { PoolTokens } from './oauth-server-users'

export interface AuthorizeRequest {
  clientId: string
  redirectUri: string
  state?: string
  scope: string
  codeChallenge: string
  nonce?: string
  provider?: string
  lang?: string
}

/** Why a token request is refused: Cognito answers all of these with 400 `invalid_grant`. */
export type GrantRefusal = 'unknown_or_used_code' | 'expired_code' | 'client_mismatch' | 'redirect_uri_mismatch' | 'pkce_mismatch'

interface IssuedCode { request: AuthorizeRequest, tokens: PoolTokens, expiresAt: number }

/** Cognito's codes live 5 minutes; the tests shorten it to see an expired code refused. */
export const DEFAULT_CODE_LIFETIME_MS = 5 * 60_000
const PENDING_LIFETIME_MS = 10 * 60_000
const MAX_ENTRIES = 10_000

export class GrantStore {
  private readonly pending = new Map<string, { request: AuthorizeRequest, expiresAt: number }>()
  private readonly codes = new Map<string, IssuedCode>()
  codeLifetimeMs = DEFAULT_CODE_LIFETIME_MS

  /** Remembers an authorize request while the user is on a login page; returns its handle. */
  begin(request: AuthorizeRequest): string {
    const id = randomBytes(16).toString('base64url')
    this.prune()
    this.pending.set(id, { request, expiresAt: Date.now() + PENDING_LIFETIME_MS })
    return id
  }

  /** The pending request, taken (a login page answers once). */
  take(id: unknown): AuthorizeRequest | undefined {
    if (typeof id !== 'string') return undefined
    const entry = this.pending.get(id)
    this.pending.delete(id)
    return entry && entry.expiresAt > Date.now() ? entry.request : undefined
  }

  issueCode(request: AuthorizeRequest, tokens: PoolTokens): string {
    const code = randomBytes(24).toString('base64url')
    this.prune()
    this.codes.set(code, { request, tokens, expiresAt: Date.now() + this.codeLifetimeMs })
    return code
  }

  /** The token request: the code is gone after its first presentation, whether it succeeds or not. */
  redeem(code: unknown, clientId: unknown, redirectUri: unknown, codeVerifier: unknown): PoolTokens | GrantRefusal {
    const issued = typeof code === 'string' ? this.codes.get(code) : undefined
    if (!issued) return 'unknown_or_used_code'
    this.codes.delete(code as string)
    if (issued.expiresAt <= Date.now()) return 'expired_code'
    if (clientId !== issued.request.clientId) return 'client_mismatch'
    if (redirectUri !== issued.request.redirectUri) return 'redirect_uri_mismatch'
    if (typeof codeVerifier !== 'string' || s256(codeVerifier) !== issued.request.codeChallenge) return 'pkce_mismatch'
    return issued.tokens
  }

  private prune(): void {
    const now = Date.now()
    for (const map of [this.pending, this.codes] as Map<string, { expiresAt: number }>[]) {
      for (const [key, value] of map) if (value.expiresAt <= now || map.size > MAX_ENTRIES) map.delete(key)
    }
  }
}

/** PKCE S256 (RFC 7636 §4.2): BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}
