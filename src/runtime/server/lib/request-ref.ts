import type { H3Event } from 'h3'
import { getRequestHeader } from 'h3'
import type { KeyValueStorageInterface } from 'aws-amplify/utils'
import { markAuthOutage } from './auth-outage'
import { parseCookieHeader } from './cookie-header'

/**
 * What one request's Amplify context holds of its request until the response has been sent: the
 * event (to write Set-Cookie), the request's cookies, and the cookie storage. It is also the
 * key-value storage Amplify's stores are given, forwarding to the real one.
 *
 * Why: Amplify registers each context's token orchestrator in a process-wide WeakMap
 * (registerContextTokenOrchestrator in @aws-amplify/core), and V8's young-generation collector
 * keeps WeakMap values alive until the next full collection. Whatever the orchestrator reached
 * (its store → cookie storage → h3 event → Node's request and response) survived the next
 * scavenge and was promoted. Measured in test/bench with --trace-gc: about 3 MB of every 10 MB
 * allocated survived, 27 µs of GC per `getCurrentUser` request against 3 µs for a bare route.
 * Through this object the orchestrator reaches nothing of the request once the Nitro plugin
 * release-request.ts has released it (in-process: 15 → 6.5 µs of GC per context).
 *
 * So a context serves its request until the response has been sent, as Amplify's own callback
 * API (`runWithAmplifyServerContext`) serves its callback: afterwards it reads as signed out and
 * writes nothing. Work that goes on after the response (`event.waitUntil`) takes what it needs
 * (tokens, credentials) from the context before the response ends.
 */
export class RequestRef implements KeyValueStorageInterface {
  /** The request's cookies, decoded, first of a name wins (cookie-header.ts); updated by cookie writes. */
  cookies: Map<string, string>

  constructor(private current: H3Event | undefined) {
    this.cookies = parseCookieHeader(current && getRequestHeader(current, 'cookie'))
  }

  /** The event while the response is being built; `undefined` once it has been sent. */
  get event(): H3Event | undefined {
    return this.current
  }

  /**
   * Records a Cognito outage on the request (auth-outage.ts); a no-op after the response. A bound
   * arrow, so that callers pass it as a callback without a closure of their own.
   */
  readonly markOutage = (reason: string): void => {
    if (this.current) markAuthOutage(this.current, reason)
  }

  /** The request's cookie storage (validated reads, Set-Cookie writes), until the release. */
  storage: KeyValueStorageInterface | undefined

  getItem(key: string): Promise<string | null> {
    return this.storage ? this.storage.getItem(key) : Promise.resolve(null)
  }

  setItem(key: string, value: string): Promise<void> {
    return this.storage ? this.storage.setItem(key, value) : Promise.resolve()
  }

  removeItem(key: string): Promise<void> {
    return this.storage ? this.storage.removeItem(key) : Promise.resolve()
  }

  clear(): Promise<void> {
    return this.storage ? this.storage.clear() : Promise.resolve()
  }

  release(): void {
    this.current = undefined
    this.cookies = new Map()
    this.storage = undefined
  }
}

const KEY = 'amplifyRequest'

/** A new ref for `event`, recorded on event.context so that the release plugin finds it (from either bundle). */
export function holdRequest(event: H3Event): RequestRef {
  const ref = new RequestRef(event)
  event.context[KEY] = ref
  return ref
}

/** Lets this request's context drop its event and cookies: called once the response has been sent. */
export function releaseRequest(event: H3Event): void {
  (event.context[KEY] as RequestRef | undefined)?.release()
}
