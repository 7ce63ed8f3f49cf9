import type { createUserPoolsTokenProvider } from 'aws-amplify/adapter-core'
import { isAnonymousError } from '../errors/auth-errors'
import { warnAtMostEvery } from '../errors/bounded-warnings'

export type GetTokens = ReturnType<typeof createUserPoolsTokenProvider>['getTokens']
type Tokens = Awaited<ReturnType<GetTokens>>

// Errors that say "Cognito could not answer", not "these tokens are bad". Amplify keeps the tokens
// for these (the next request may succeed); this request goes on anonymous and the guards say 503.
const OUTAGE_ERRORS = new Set([
  'NetworkError', // connection refused or reset
  'Unknown', // Amplify's wrapper for a TypeError from fetch
  'InternalErrorException',
  'ServiceUnavailableException',
  'TooManyRequestsException',
  'LimitExceededException',
  'TimeoutError',
])
// Amplify's answer to an expired access token without a refresh token (it assumes the OAuth
// implicit grant). Such a session can never be refreshed: it is over.
const UNREFRESHABLE = 'TokenRefreshException'
// Any visitor with an expired session can trigger these lines; one per interval is enough.
const LOG_INTERVAL_MS = 60_000

export interface BoundedTokenProviderOptions {
  /** Longest wait for one `getTokens` (which may include a refresh), in ms. */
  timeoutMs: number
  /** Called when Cognito was unreachable, slow or failing; the request continues anonymous. */
  onOutage(reason: string): void
  /** Deletes the session's cookies (a session that cannot be refreshed). */
  clearSession(): Promise<void>
}

/**
 * Makes the request's `getTokens` safe to call from anywhere in the request:
 * - One refresh per request: concurrent `getTokens` calls (e.g. `Promise.all` of three
 *   `fetchAuthSession`) share one in-flight call. Amplify's per-context orchestrator does not
 *   de-duplicate, so each would otherwise send its own refresh to Cognito and write its own cookies.
 * - Bounded: Amplify's refresh takes no abort signal and retries 5xx, so a hanging Cognito would
 *   hang the request. After `timeoutMs` the request stops waiting and is anonymous; the call is
 *   left to finish in the background (its cookie writes still go out if the response has not been
 *   sent, so the browser keeps a rotated refresh token; later ones are skipped by the cookie adapter).
 * - Once anonymous for an outage, anonymous for the rest of the request: later calls get `null`
 *   at once and never start another refresh. Otherwise a later call would find the tokens the
 *   background refresh wrote, and the user would appear halfway through the request (issue 12, B5).
 * - Never throws for a broken session: outages → `null` + `onOutage`, refused refresh → `null`, a
 *   session without a refresh token → `null` and its cookies deleted.
 */
export function boundGetTokens(getTokens: GetTokens, { timeoutMs, onOutage, clearSession }: BoundedTokenProviderOptions): GetTokens {
  // The one call in flight of each kind; later callers share it.
  let normal: Promise<Tokens> | undefined
  let forced: Promise<Tokens> | undefined
  let outage = false

  function giveUp(reason: string): null {
    outage = true
    onOutage(reason)
    warnAtMostEvery('refresh', LOG_INTERVAL_MS, `Cognito unavailable, continuing as signed out: ${reason}`)
    return null
  }

  async function bounded(options: Parameters<GetTokens>[0]): Promise<Tokens> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, 'timeout')
    })
    try {
      const result = await Promise.race([getTokens(options), timeout])
      if (result === 'timeout') return giveUp(`no answer from Cognito within ${timeoutMs} ms`)
      // On a refused refresh Amplify returns null and clears the token cookies without awaiting
      // the deletions. Let them land (in-memory cookie writes only, no I/O) before the response
      // can be sent, so the browser gets the Set-Cookie deletions on this very response.
      if (result === null) await new Promise(resolve => setImmediate(resolve))
      return result
    }
    catch (error) {
      const name = (error as Error)?.name ?? ''
      if (OUTAGE_ERRORS.has(name)) return giveUp(`${name}: ${(error as Error).message}`)
      if (name === UNREFRESHABLE) await clearSession()
      else if (!isAnonymousError(error)) warnAtMostEvery('refresh-failed', LOG_INTERVAL_MS, `Token refresh failed, continuing as signed out: ${name}: ${(error as Error)?.message}`)
      await new Promise(resolve => setImmediate(resolve)) // same as above: Amplify may be clearing cookies
      return null
    }
    finally {
      clearTimeout(timer)
    }
  }

  return (options) => {
    if (outage) return Promise.resolve(null)
    if (options?.forceRefresh) return forced ??= bounded(options).finally(() => forced = undefined)
    return normal ??= bounded(options).finally(() => normal = undefined)
  }
}
