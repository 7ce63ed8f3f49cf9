import type { createUserPoolsTokenProvider } from 'aws-amplify/adapter-core'
import { isAnonymousError } from './auth-errors'

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

export interface BoundedTokenProviderOptions {
  /** Longest wait for one `getTokens` (which may include a refresh), in ms. */
  timeoutMs: number
  /** Called when Cognito was unreachable, slow or failing; the request continues anonymous. */
  onOutage(reason: string): void
}

/**
 * Makes the request's `getTokens` safe to call from anywhere in the request:
 * - One refresh per request: concurrent `getTokens` calls (e.g. `Promise.all` of three
 *   `fetchAuthSession`) share one in-flight call. Amplify's per-context orchestrator does not
 *   de-duplicate, so each would otherwise send its own refresh to Cognito and write its own cookies.
 * - Bounded: Amplify's refresh takes no abort signal and retries 5xx, so a hanging Cognito would
 *   hang the request. After `timeoutMs` the request stops waiting and is anonymous (the call is
 *   left to finish in the background; its late cookie writes are skipped by the cookie adapter).
 * - Never throws for a broken session: outages → `null` + `onOutage`, refused refresh → `null`.
 */
export function boundGetTokens(getTokens: GetTokens, { timeoutMs, onOutage }: BoundedTokenProviderOptions): GetTokens {
  // The one call in flight of each kind; later callers share it.
  let normal: Promise<Tokens> | undefined
  let forced: Promise<Tokens> | undefined

  async function bounded(options: Parameters<GetTokens>[0]): Promise<Tokens> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, 'timeout')
    })
    try {
      const result = await Promise.race([getTokens(options), timeout])
      if (result === 'timeout') {
        onOutage(`no answer from Cognito within ${timeoutMs} ms`)
        return null
      }
      // On a refused refresh Amplify returns null and clears the token cookies without awaiting
      // the deletions. Let them land (in-memory cookie writes only, no I/O) before the response
      // can be sent, so the browser gets the Set-Cookie deletions on this very response.
      if (result === null) await new Promise(resolve => setImmediate(resolve))
      return result
    }
    catch (error) {
      const name = (error as Error)?.name ?? ''
      if (OUTAGE_ERRORS.has(name)) onOutage(`${name}: ${(error as Error).message}`)
      else if (!isAnonymousError(error)) console.warn(`[nuxt-amplify] Token refresh failed, continuing as signed out: ${name}: ${(error as Error)?.message}`)
      await new Promise(resolve => setImmediate(resolve)) // same as above: Amplify may be clearing cookies
      return null
    }
    finally {
      clearTimeout(timer)
    }
  }

  return (options) => {
    if (options?.forceRefresh) return forced ??= bounded(options).finally(() => forced = undefined)
    return normal ??= bounded(options).finally(() => normal = undefined)
  }
}
