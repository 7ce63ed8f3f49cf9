import type { CookieStorage } from 'aws-amplify/adapter-core'
import { TtlCache } from './ttl-cache'
import { clientCookieNames, userCookieNames } from '../cookies/session-cookie-names'
import type { GetTokens } from './bounded-token-provider'

type Tokens = NonNullable<Awaited<ReturnType<GetTokens>>>

// The same lifetime as the verifier's verdicts (token-verifier.ts), from which every entry derives:
// a token stops being reused when its verdict would have been re-checked. Bounded by bytes, like
// them: each entry keeps the cookie strings and Amplify's decoded tokens (see reusedBytes).
export const REUSE_CACHE_BYTES = 4 * 1024 * 1024
const CACHE_TTL_MS = 10 * 60_000
// Amplify's isTokenExpired tolerance: a token within 5 s of `exp` counts as expired and is refreshed.
const EXPIRY_TOLERANCE_MS = 5000

/** The session cookies one result came from, and the result (frozen). */
interface Reused {
  access: string
  clientId: string
  username: string
  id: string | undefined
  drift: string | undefined
  signInDetails: string | undefined
  tokens: Tokens
}
/**
 * The end of the access token (its signature) → what Amplify's getTokens returned for that access
 * token and the other session cookies beside it. Hashing the whole token on every request cost
 * about 3 µs (test/bench), its last 43 characters (256 bits of signature) a tenth of that; an
 * entry is used only when the whole access token matches too.
 */
// On globalThis, like the verifier's registry: Nuxt bundles this file twice (Nitro's server routes and
// the Vue SSR bundle), and two module-level caches would keep twice the bound (docs/internals/memory-bounds.md).
const REUSED = Symbol.for('nuxt-amplify:token-reuse')
const reused = ((globalThis as Record<symbol, unknown>)[REUSED] ??= new TtlCache<Reused>(REUSE_CACHE_BYTES, CACHE_TTL_MS)) as TtlCache<Reused>

/**
 * Freezes the result and everything in it. A loop over a list rather than recursion: what is frozen
 * comes from cookies (JWT payloads, signInDetails), and a value nested a few thousand levels deep
 * would otherwise overflow the stack (a 500) instead of being frozen.
 */
function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value]
  while (pending.length) {
    const next = pending.pop()
    if (!next || typeof next !== 'object' || Object.isFrozen(next)) continue
    Object.freeze(next)
    for (const child of Object.values(next)) pending.push(child)
  }
  return value
}

function expiresAt(token: Tokens['idToken']): number {
  return ((token?.payload.exp as number | undefined) ?? 0) * 1000
}

/** Amplify's rule (TokenOrchestrator.getTokens → isTokenExpired), applied to access and id token. */
function expired(tokens: Tokens, clockDrift: number): boolean {
  const limit = Date.now() + clockDrift + EXPIRY_TOLERANCE_MS
  return limit > expiresAt(tokens.accessToken) || (!!tokens.idToken && limit > expiresAt(tokens.idToken))
}

const KEY_LENGTH = 43

/**
 * What an entry keeps: the cookie strings (up to two bytes per character) and Amplify's decoded
 * payloads of both tokens (up to 1.5 bytes per token character, as in token-verifier.ts) and
 * signInDetails (the cookie string and its parsed copy), plus the objects around them.
 */
function reusedBytes(access: string, username: string, id = '', drift = '', signInDetails = ''): number {
  return Math.ceil((access.length + id.length) * 2.5) + (username.length + drift.length) * 2 + signInDetails.length * 4 + 1024
}

function reuseKey(accessToken: string): string {
  return accessToken.slice(-KEY_LENGTH)
}

/**
 * Every request of a session carries the same cookies, and Amplify's `getTokens` turns them into the
 * same result each time: read six cookies through the validator, decode both JWTs (Amplify's decoder
 * is slow: a `%xx` string per byte), compare `exp`. Measured in test/bench that is most of what a
 * `getCurrentUser` route costs. So the result is kept, frozen, keyed by the exact cookie values it
 * came from, and returned while both tokens are unexpired by Amplify's own rule.
 *
 * Only a plain read is kept: the returned tokens are the very cookie strings (no refresh happened,
 * nothing was dropped by the validator). Anything else (expired token, refresh, `forceRefresh`,
 * a rejected cookie, no session) takes Amplify's path as before. No request state is kept: the
 * cache maps cookie values, which the browser sends, to what any request with them would compute.
 */
export function reuseTokensOfSameCookies(getTokens: GetTokens, { clientId, cookies }: { clientId: string, cookies: Pick<CookieStorage.Adapter, 'get'> }): GetTokens {
  const client = clientCookieNames(clientId)
  return async (options) => {
    if (options?.forceRefresh) return getTokens(options)
    const username = cookies.get(client.lastAuthUser)?.value
    if (!username) return getTokens(options)
    const names = userCookieNames(client, username)
    const access = cookies.get(names.accessToken)?.value
    if (!access) return getTokens(options)
    const id = cookies.get(names.idToken)?.value
    const drift = cookies.get(names.clockDrift)?.value
    const signInDetails = cookies.get(names.signInDetails)?.value

    const hit = reused.get(reuseKey(access))
    if (hit && hit.access === access && hit.clientId === clientId && hit.username === username && hit.id === id
      && hit.drift === drift && hit.signInDetails === signInDetails
      // Drift as the validator lets Amplify see it, never below 0 (cookie-validator.ts): never later than Amplify would.
      && !expired(hit.tokens, Math.max(0, Number.parseInt(drift ?? '0') || 0))) return hit.tokens
    const tokens = await getTokens(options)
    if (tokens && tokens.accessToken.toString() === access && tokens.idToken?.toString() === id) {
      reused.set(reuseKey(access), { access, clientId, username, id, drift, signInDetails, tokens: deepFreeze(tokens) }, reusedBytes(access, username, id, drift, signInDetails))
    }
    return tokens
  }
}
