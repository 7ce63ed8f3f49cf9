import { DefaultTokenStore, TokenOrchestrator, refreshAuthTokensWithoutDedupe } from 'aws-amplify/auth/cognito'
import type { GetTokens } from './bounded-token-provider'
import { TtlCache } from './ttl-cache'

type Refresher = Parameters<TokenOrchestrator['setTokenRefresher']>[0]
type Refreshed = Awaited<ReturnType<Refresher>>
type AuthConfig = Parameters<TokenOrchestrator['setAuthConfig']>[0]
type KeyValueStorage = Parameters<DefaultTokenStore['setKeyValueStorage']>[0]

// Refreshes in flight at once, each shared by every request of its session. One entry keeps its key
// (64 hex characters: 170 bytes as a string), a promise, its start time and a Map slot: under 512
// bytes, so at most 512 KB. Past the cap a request refreshes on its own (as before); it never fails.
export const MAX_SHARED_REFRESHES = 1000
export const SHARED_REFRESH_ENTRY_BYTES = 512
/**
 * How long a settled refresh is handed to later requests that still carry the old cookies. Such a
 * request left its browser before the browser stored the first answer's Set-Cookie: it was in flight
 * alongside the refresh or sent within about one round trip after it. 30 s covers a slow mobile
 * network with room to spare and is within what Cognito itself can allow for a rotated-out refresh
 * token (its retry grace period, up to 60 s); it is handed out only for the exact cookies refreshed
 * (see sessionKey). Also never past the new tokens' own expiry (Amplify's 5 s tolerance included).
 */
export const SETTLED_REUSE_MS = 30_000
// Settled results: the new tokens as strings and Amplify's decoded payloads (see settledBytes).
export const SETTLED_REFRESH_BYTES = 2 * 1024 * 1024
const EXPIRY_TOLERANCE_MS = 5000

// The tables live on globalThis because Nuxt bundles this file twice (Nitro's server routes and the
// Vue SSR bundle): with a module-level Map, a page and a route of one session would refresh once each.
interface Tables {
  inFlight: Map<string, { promise: Promise<Refreshed>, started: number }>
  settled: TtlCache<{ tokens: Refreshed, until: number }>
}
const TABLES = Symbol.for('nuxt-amplify:shared-refresh')
const { inFlight, settled }: Tables = ((globalThis as Record<symbol, unknown>)[TABLES] as Tables | undefined)
  ?? ((globalThis as Record<symbol, unknown>)[TABLES] = { inFlight: new Map(), settled: new TtlCache(SETTLED_REFRESH_BYTES, SETTLED_REUSE_MS) } satisfies Tables)

/**
 * The key of one session's cookies as a refresh sends them: SHA-256 of the app client, the refresh
 * token and the access token (WebCrypto, so edge runtimes have it too). The refresh token itself is
 * never a key: the table would otherwise hold live credentials as strings. The access token is in
 * the key so that only requests carrying the very same tokens share a result: a later `forceRefresh`
 * (e.g. after the user changed an attribute) carries the new access token and gets its own refresh.
 */
async function sessionKey(clientId: string, refreshToken: string, accessToken: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${clientId}\n${refreshToken}\n${accessToken}`)
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map(b => b.toString(16).padStart(2, '0')).join('')
}

/** What a settled entry keeps: both tokens as strings and decoded (as in token-reuse.ts), the refresh token and the rest. */
function settledBytes(tokens: Refreshed): number {
  const access = tokens.accessToken.toString().length
  const id = tokens.idToken?.toString().length ?? 0
  return Math.ceil((access + id) * 2.5) + ((tokens.refreshToken?.length ?? 0) + (tokens.username?.length ?? 0)) * 2 + 1024
}

/**
 * Amplify's refresher (GetTokensFromRefreshToken), once per session across the concurrent requests
 * of this process. Each caller gets its own shallow copy: Amplify's orchestrator writes the caller's
 * signInDetails onto the object it gets, and stores it under the caller's username.
 * A refresh is joined only within `joinWithinMs` of its start (the request timeout, cognitoTimeout):
 * Amplify's refresh takes no abort signal, so one sent to a hanging Cognito may never settle, and a
 * request after Cognito recovered must not wait on it; it starts a new one, which replaces it.
 * Failures are not kept: the next request tries again (and is refused again if the token is dead).
 */
export async function refreshOncePerSession(input: Parameters<Refresher>[0], joinWithinMs = 5000): Promise<Refreshed> {
  const { tokens, authConfig, username } = input
  if (!tokens.refreshToken) return refreshAuthTokensWithoutDedupe(input)
  const key = await sessionKey(authConfig?.Cognito?.userPoolClientId ?? '', tokens.refreshToken, tokens.accessToken.toString())
  const done = settled.get(key)
  if (done && done.until > Date.now()) return { ...done.tokens, username }
  let entry = inFlight.get(key)
  if (!entry || Date.now() - entry.started >= joinWithinMs) {
    if (!entry && inFlight.size >= MAX_SHARED_REFRESHES) return refreshAuthTokensWithoutDedupe(input)
    const started = { promise: refreshAuthTokensWithoutDedupe(input), started: Date.now() }
    inFlight.set(key, entry = started)
    // Only the newest refresh of a key settles it (a replaced one may still answer, much later).
    started.promise.then((result) => {
      if (inFlight.get(key) !== started) return
      const expires = (result.accessToken.payload.exp ?? 0) * 1000 - EXPIRY_TOLERANCE_MS
      settled.set(key, { tokens: result, until: Math.min(Date.now() + SETTLED_REUSE_MS, expires) }, settledBytes(result))
    }, () => {}).finally(() => {
      if (inFlight.get(key) === started) inFlight.delete(key)
    })
  }
  return { ...await entry.promise, username }
}

/**
 * Amplify's token provider (adapter-core's createUserPoolsTokenProvider: the same store, orchestrator
 * and refresher) with the refresher shared across requests. Built from the orchestrator Amplify
 * exports rather than by swapping the refresher of Amplify's provider, because no aws-amplify before
 * 6.22 gives that orchestrator out. Amplify's own provider object is still made by the caller: newer
 * Amplify routes a context's token writes through it, to the same cookie storage as this one.
 */
export function sharedRefreshGetTokens(auth: AuthConfig, storage: KeyValueStorage, joinWithinMs: number): GetTokens {
  const store = new DefaultTokenStore()
  store.setAuthConfig(auth)
  store.setKeyValueStorage(storage)
  const orchestrator = new TokenOrchestrator()
  orchestrator.setAuthConfig(auth)
  orchestrator.setAuthTokenStore(store)
  orchestrator.setTokenRefresher(input => refreshOncePerSession(input, joinWithinMs))
  return ({ forceRefresh } = { forceRefresh: false }) => orchestrator.getTokens({ forceRefresh })
}

/** For tests and the bench: how many refreshes are in flight and how many settled results are kept. */
export function sharedRefreshSizes(): { inFlight: number, settled: number, settledBytes: number } {
  return { inFlight: inFlight.size, settled: settled.size, settledBytes: settled.bytes }
}
