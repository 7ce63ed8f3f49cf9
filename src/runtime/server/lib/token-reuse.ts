import type { CookieStorage, createUserPoolsTokenProvider } from 'aws-amplify/adapter-core'
import { AUTH_KEY_PREFIX } from 'aws-amplify/adapter-core'
import { TtlCache } from './ttl-cache'

type TokenProvider = ReturnType<typeof createUserPoolsTokenProvider>
type Tokens = NonNullable<Awaited<ReturnType<TokenProvider['getTokens']>>>

// The same bounds as the verifier's verdicts (token-verifier.ts), from which every entry derives:
// a token stops being reused when its verdict would have been re-checked.
const CACHE_ENTRIES = 2000
const CACHE_TTL_MS = 10 * 60_000
// Amplify's isTokenExpired tolerance: a token within 5 s of `exp` counts as expired and is refreshed.
const EXPIRY_TOLERANCE_MS = 5000

/** The session cookies one result came from, and the result (frozen). */
interface Reused { cookies: (string | undefined)[], tokens: Tokens }
/**
 * Access token → what Amplify's getTokens returned for it and the other session cookies beside it.
 * Keyed by the access token alone (one string hash per request, not one of all cookies joined).
 */
const reused = new TtlCache<Reused>(CACHE_ENTRIES, CACHE_TTL_MS)

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/** Amplify's rule (TokenOrchestrator.getTokens → isTokenExpired), applied to access and id token. */
function expired(tokens: Tokens, clockDrift: number): boolean {
  const limit = Date.now() + clockDrift + EXPIRY_TOLERANCE_MS
  return [tokens.accessToken, tokens.idToken].some(token => !!token && limit > ((token.payload.exp as number | undefined) ?? 0) * 1000)
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
export function reuseTokensOfSameCookies(provider: TokenProvider, { clientId, cookies }: { clientId: string, cookies: Pick<CookieStorage.Adapter, 'get'> }): TokenProvider {
  const getTokens = provider.getTokens
  provider.getTokens = async (options) => {
    if (options?.forceRefresh) return getTokens(options)
    const prefix = `${AUTH_KEY_PREFIX}.${clientId}`
    const username = cookies.get(`${prefix}.LastAuthUser`)?.value
    const read = (name: string) => cookies.get(`${prefix}.${username}.${name}`)?.value
    const access = username ? read('accessToken') : undefined
    if (!access) return getTokens(options)
    const id = read('idToken')
    const drift = read('clockDrift')
    const others = [clientId, username!, id, drift, read('signInDetails')]

    const hit = reused.get(access)
    // Drift as the validator lets Amplify see it, never below 0 (cookie-validator.ts): never later than Amplify would.
    if (hit && hit.cookies.every((value, i) => value === others[i]) && !expired(hit.tokens, Math.max(0, Number.parseInt(drift ?? '0') || 0))) return hit.tokens
    const tokens = await getTokens(options)
    if (tokens && tokens.accessToken.toString() === access && tokens.idToken?.toString() === id) reused.set(access, { cookies: others, tokens: deepFreeze(tokens) })
    return tokens
  }
  return provider
}
