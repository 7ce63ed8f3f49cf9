import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose'
import { createLocalJWKSet } from 'jose/jwks/local' // a subpath, not jose's index (see token-verifier.ts)
import { quoted, warnAtMostEvery, warnOncePerProcess } from '../errors/bounded-warnings'

// After a failed fetch, the next one waits this long: a flood of requests during an outage costs
// one fetch per interval, not one per request. The guards' Retry-After says the same (5 s).
const RETRY_AFTER_FAILURE_MS = 5_000
// After a token with an unknown `kid`, the key set is fetched again at most this often, whether the
// fetch succeeds or fails: random `kid`s cannot make the server hammer the endpoint (key rotation).
const REFETCH_COOLDOWN_MS = 30_000
// Cognito's key set is two keys (~1 KB); a bigger answer is not a user pool's key set.
const MAX_KEY_SET_BYTES = 64 * 1024
// An outage is logged at most this often, however many requests it affects.
const OUTAGE_LOG_INTERVAL_MS = 60_000

/** The key set could not be had. `misconfigured`: the URL answered, but not with a key set (e.g. 404). */
export class KeySetError extends Error {
  constructor(message: string, readonly misconfigured: boolean) {
    super(message)
  }
}

/**
 * The user pool's signing keys for jose's `jwtVerify`: fetched on first use and kept; fetched again
 * only for an unknown `kid`, rate-limited as above. jose's own createRemoteJWKSet re-fetches after
 * every failed fetch (its cooldown starts only after a success), which let an outage turn each
 * request into a key fetch and a log line (issue 12, B3). Throws KeySetError when no usable key set
 * is at hand, so that the caller can tell "could not check" from "bad token".
 */
export function createKeySet(url: string, timeoutMs: number): JWTVerifyGetKey {
  let local: JWTVerifyGetKey | undefined
  let kids = new Set<string | undefined>()
  let lastAttempt = Number.NEGATIVE_INFINITY
  let lastRefetch = Number.NEGATIVE_INFINITY
  let failure: KeySetError | undefined // the last fetch's, until one succeeds
  let inflight: Promise<void> | undefined

  async function load(): Promise<void> {
    lastAttempt = Date.now()
    try {
      const jwks = await fetchKeySet(url, timeoutMs)
      local = asLocalKeySet(jwks)
      kids = new Set(jwks.keys.map(key => key.kid))
      failure = undefined
    }
    catch (error) {
      failure = error instanceof KeySetError ? error : new KeySetError(`${(error as Error)?.name}: ${(error as Error)?.message}`, false)
      logFailure(url, failure)
    }
  }
  const fetchOnce = () => inflight ??= load().finally(() => inflight = undefined)
  const knows = (kid: string | undefined) => !!local && (kid === undefined || kids.has(kid))

  return async (header, token) => {
    if (!knows(header.kid)) {
      const now = Date.now()
      if (!local && (inflight || now - lastAttempt >= RETRY_AFTER_FAILURE_MS)) await fetchOnce()
      else if (local && (inflight || now - lastRefetch >= REFETCH_COOLDOWN_MS)) {
        if (!inflight) lastRefetch = now
        await fetchOnce()
      }
      // Unknown `kid` while the key set cannot be fetched: that token could not be checked.
      if (!knows(header.kid) && failure) throw failure
      if (!local) throw new KeySetError('no signing keys yet', false)
    }
    return local!(header, token) // jose: JWKSNoMatchingKey for an unknown kid (a bad token)
  }
}

async function fetchKeySet(url: string, timeoutMs: number): Promise<JSONWebKeySet> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual', headers: { accept: 'application/json' } })
  const status = `answered HTTP ${response.status}`
  if (response.status !== 200) {
    await response.body?.cancel()
    // A server error or throttling is an outage; any other answer (404, 403, a redirect) means the
    // URL is not the user pool's key set, which no retry will change.
    throw new KeySetError(status, response.status < 500 && response.status !== 429)
  }
  if (Number(response.headers.get('content-length')) > MAX_KEY_SET_BYTES) {
    await response.body?.cancel()
    throw new KeySetError(`${status} with more than ${MAX_KEY_SET_BYTES} bytes`, true)
  }
  const text = await response.text()
  let jwks: JSONWebKeySet | undefined
  try {
    jwks = text.length <= MAX_KEY_SET_BYTES ? JSON.parse(text) : undefined
  }
  catch {
    jwks = undefined
  }
  if (!Array.isArray(jwks?.keys)) throw new KeySetError(`${status} with something that is not a JSON Web Key Set`, true)
  return jwks
}

function asLocalKeySet(jwks: JSONWebKeySet): JWTVerifyGetKey {
  try {
    return createLocalJWKSet(jwks)
  }
  catch (error) {
    throw new KeySetError(`answered with an invalid JSON Web Key Set (${(error as Error).message})`, true)
  }
}

function logFailure(url: string, failure: KeySetError): void {
  if (failure.misconfigured) {
    warnOncePerProcess(`keys ${failure.message}`, `The user pool's signing keys at ${quoted(url)} could not be read: it ${failure.message}. `
    + 'This is a configuration error, not an outage: check the jwksUrl option (NUXT_PUBLIC_AMPLIFY_JWKS_URL) or userPoolEndpoint. '
    + 'Until it is fixed, signed-in requests are answered as signed out (503 from the guards).')
    return
  }
  warnAtMostEvery('keys', OUTAGE_LOG_INTERVAL_MS, `Could not fetch the user pool's signing keys from ${quoted(url)} (${failure.message}). `
  + `Signed-in requests are answered as signed out (503 from the guards) until a fetch succeeds; retried at most every ${RETRY_AFTER_FAILURE_MS / 1000} s.`)
}
