import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose'
import { TtlCache } from './ttl-cache'

export type TokenUse = 'access' | 'id'

export interface TokenVerifierOptions {
  /** Exact expected `iss`. */
  issuer: string
  /** The user pool's JSON Web Key Set. */
  jwksUrl: string
  /** The app client: `client_id` of access tokens, `aud` of id tokens. */
  clientId: string
  /** How long one key-set fetch may take (ms). */
  timeoutMs: number
}

/** `ok`: the claims of a genuine token (possibly expired). Not ok: `unavailable` when the keys could not be fetched. */
export type Verdict
  = | { ok: true, claims: JWTPayload }
    | { ok: false, reason: string, unavailable?: boolean }

export interface TokenVerifier {
  verify(token: string, use: TokenUse): Promise<Verdict>
}

// Cognito signs with RS256 only. Naming it rules out `alg: none` and HMAC-with-the-public-key tricks.
const ALGORITHMS = ['RS256']
// An expired token must still pass, or Amplify could never refresh it. jose wants a finite
// tolerance; ten years is Cognito's longest refresh-token lifetime. Amplify itself decides expiry.
const EXPIRED_IS_FINE = 10 * 366 * 24 * 3600
// Verdicts per token string. 5,000 tokens are a few MB; ten minutes bounds how long a token stays
// accepted after its key is withdrawn from the key set.
const CACHE_ENTRIES = 5000
const CACHE_TTL_MS = 10 * 60_000
// After an unknown `kid`, the key set is fetched again at most this often (key rotation).
const REFETCH_COOLDOWN_MS = 30_000

/**
 * A verifier per (issuer, key set, client), built on first use and kept for the life of the
 * process: one key-set fetch per process, shared by every request. Nothing request-specific is
 * kept, only verdicts about token strings. The registry lives on globalThis because Nuxt bundles
 * this file twice (Nitro's server routes and the Vue SSR bundle); a module-level Map would mean
 * two key-set fetches and two caches.
 */
const REGISTRY = Symbol.for('nuxt-amplify:token-verifiers')
const verifiers: Map<string, TokenVerifier> = ((globalThis as Record<symbol, unknown>)[REGISTRY] as Map<string, TokenVerifier> | undefined)
  ?? ((globalThis as Record<symbol, unknown>)[REGISTRY] = new Map<string, TokenVerifier>())
export function getTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const key = JSON.stringify([options.issuer, options.jwksUrl, options.clientId, options.timeoutMs])
  let verifier = verifiers.get(key)
  if (!verifier) {
    verifier = createTokenVerifier(options)
    verifiers.set(key, verifier)
  }
  return verifier
}

export function createTokenVerifier({ issuer, jwksUrl, clientId, timeoutMs }: TokenVerifierOptions): TokenVerifier {
  // jose caches the key set and re-fetches it on an unknown `kid`, at most once per cooldown.
  const keys = createRemoteJWKSet(new URL(jwksUrl), {
    timeoutDuration: timeoutMs,
    cooldownDuration: REFETCH_COOLDOWN_MS,
    cacheMaxAge: Number.MAX_SAFE_INTEGER, // Cognito keys change only by rotation, which a new kid announces
  })
  // Promises are cached, so concurrent requests carrying the same token share one check.
  const verdicts = new TtlCache<Promise<Verdict>>(CACHE_ENTRIES, CACHE_TTL_MS)

  async function check(token: string, use: TokenUse): Promise<Verdict> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        algorithms: ALGORITHMS,
        clockTolerance: EXPIRED_IS_FINE,
        requiredClaims: ['exp', 'iat', 'sub', 'token_use'],
      })
      return checkClaims(payload, use, clientId)
    }
    catch (error) {
      if (isKeySetUnreachable(error)) return { ok: false, reason: `signing keys unavailable: ${(error as Error).message}`, unavailable: true }
      return { ok: false, reason: (error as Error).message || String(error) }
    }
  }

  return {
    verify(token, use) {
      const cacheKey = `${use} ${token}`
      let verdict = verdicts.get(cacheKey)
      if (!verdict) {
        verdict = check(token, use)
        verdicts.set(cacheKey, verdict)
        // An outage is not a verdict about the token: ask again next time.
        void verdict.then(v => !v.ok && v.unavailable && verdicts.delete(cacheKey))
      }
      return verdict
    },
  }
}

/** Claims jose does not check for us: what kind of token, and for which app client. */
export function checkClaims(claims: JWTPayload, use: TokenUse, clientId: string): Verdict {
  if (claims.token_use !== use) return { ok: false, reason: `token_use is ${String(claims.token_use)}, expected ${use}` }
  const client = use === 'access' ? claims.client_id : claims.aud
  if (client !== clientId) return { ok: false, reason: `${use === 'access' ? 'client_id' : 'aud'} is not this app client` }
  // The large clock tolerance above applies to `nbf` too; a token that is not valid yet is refused here.
  if (typeof claims.nbf === 'number' && claims.nbf * 1000 > Date.now() + 60_000) return { ok: false, reason: 'token not valid yet' }
  return { ok: true, claims }
}

/** True when the key set could not be fetched (network, timeout, HTTP error), as opposed to a bad token. */
function isKeySetUnreachable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true
  if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC' // non-200 or non-JSON key set
  return error instanceof TypeError || (error as Error)?.name === 'AbortError' // fetch failed
}
