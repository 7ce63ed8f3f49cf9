import type { JWTPayload } from 'jose'
// jose's subpath entries, not its index: the index loads all of jose (JWE, signing, key generation:
// 46 modules) on every cold start, these the 20-odd that verifying a JWT needs (docs/internals/benchmark.md).
import { jwtVerify } from 'jose/jwt/verify'
import { JWTClaimValidationFailed } from 'jose/errors'
import { TtlCache } from './ttl-cache'
import { createKeySet, KeySetError } from './key-set'
import { quoted, warnOncePerProcess } from '../errors/bounded-warnings'

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

/** `ok`: the claims of a genuine token (possibly expired). Not ok: `unavailable` when the keys could not be had. */
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
// Verdicts about genuine tokens, by token string: 8 MB (about 1,000 sessions of ordinary tokens);
// ten minutes bounds how long a token stays accepted after its key is withdrawn from the key set.
export const VERDICT_CACHE_BYTES = 8 * 1024 * 1024
const CACHE_TTL_MS = 10 * 60_000
// Cognito's tokens are at most a few KB; the Cookie header is 16 KB at most (Node's limit).
const MAX_TOKEN_LENGTH = 16 * 1024

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
  const keys = createKeySet(jwksUrl, timeoutMs)
  // Promises are cached, so concurrent requests carrying the same token share one check. Only
  // genuine tokens stay: a refusal is cheap to repeat, and caching refusals let junk fill memory.
  const verdicts = new TtlCache<Promise<Verdict>>(VERDICT_CACHE_BYTES, CACHE_TTL_MS)

  async function check(token: string, use: TokenUse): Promise<Verdict> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        algorithms: ALGORITHMS,
        clockTolerance: EXPIRED_IS_FINE,
        requiredClaims: ['exp', 'iat', 'sub', 'token_use'],
      })
      const verdict = checkClaims(payload, use, clientId)
      if (!verdict.ok && payload.token_use === use) warnForeignClient(use === 'access' ? payload.client_id : payload.aud, clientId)
      return verdict
    }
    catch (error) {
      if (error instanceof KeySetError) return { ok: false, reason: `signing keys unavailable: ${error.message}`, unavailable: true }
      // jose checks the signature before the claims: a wrong issuer on a genuine signature is a configuration mistake.
      if (error instanceof JWTClaimValidationFailed && error.claim === 'iss') warnForeignIssuer(error.payload.iss, issuer)
      return { ok: false, reason: (error as Error).message || String(error) }
    }
  }

  return {
    verify(token, use) {
      if (token.length > MAX_TOKEN_LENGTH) return Promise.resolve({ ok: false, reason: 'token too long' })
      const cacheKey = `${use} ${token}`
      let verdict = verdicts.get(cacheKey)
      if (!verdict) {
        verdict = check(token, use)
        verdicts.set(cacheKey, verdict, verdictBytes(cacheKey))
        void verdict.then(v => !v.ok && verdicts.delete(cacheKey))
      }
      return verdict
    },
  }
}

/**
 * What a kept verdict costs: the key (one byte per character; tokens are ASCII), and the decoded
 * claims, at most 3/4 of the token's length in characters, two bytes each when not Latin-1 (so 1.5
 * bytes per token character), plus the map entry, promise and objects around them.
 */
function verdictBytes(cacheKey: string): number {
  return Math.ceil(cacheKey.length * 2.5) + 512
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

// Both are genuine tokens of this user pool's keys that this server refuses: every user reads as
// signed out, which looks like a bug in the app unless the log says why (issue 12, B6).
function warnForeignIssuer(actual: unknown, expected: string): void {
  warnOncePerProcess(`iss ${String(actual).slice(0, 200)}`, `Tokens signed with the user pool's keys carry the issuer ${quoted(actual)}, but this server expects ${quoted(expected)}, `
  + 'so every user reads as signed out. Set the tokenIssuer option (NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER) to the issuer your user pool writes, or correct userPoolEndpoint.')
}

function warnForeignClient(actual: unknown, expected: string): void {
  if (actual === expected) return // refused for another reason (nbf)
  warnOncePerProcess(`client ${String(actual).slice(0, 200)}`, `Tokens of the app client ${quoted(actual)} arrived under the cookie names of this app's client ${quoted(expected)} and were refused. `
  + 'If every user reads as signed out, the browser and the server use different app clients: check Auth.Cognito.userPoolClientId in the config.')
}
