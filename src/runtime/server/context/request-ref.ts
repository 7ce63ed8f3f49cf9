import type { H3Event } from 'h3'
import type { ResourcesConfig } from 'aws-amplify'
import type { KeyValueStorageInterface } from 'aws-amplify/utils'
import { markAuthOutage } from '../errors/auth-outage'
import { parseCookieHeader } from '../cookies/cookie-header'
import { requestCookieHeader } from './node-http'
import type { GetTokens } from '../tokens/bounded-token-provider'
import { clearStoredSession } from '../cookies/session-clearing'

/**
 * What one request's Amplify context holds of its request until the response has been sent: the
 * event (to write Set-Cookie), the request's cookies, and the cookie storage. It is also the
 * key-value storage Amplify's stores are given, forwarding to the real one.
 *
 * Why: Amplify registers each context's token orchestrator in a process-wide WeakMap, keyed by the
 * token provider object (registerContextTokenOrchestrator in @aws-amplify/core). V8's
 * young-generation collector keeps WeakMap values alive until the next full collection, and once
 * V8 starts allocating those provider objects in the old generation, everything they point to
 * stays alive until then too. Whatever Amplify's objects reached (cookie storage, token logic,
 * h3 event, Node's request and response) survived every scavenge and was promoted: measured in
 * test/bench with --trace-gc-nvp, about 3 KB of each `getCurrentUser` request against 0.1 KB for
 * a bare route. So Amplify's objects reach the request only through this object: its cookie
 * storage (`storage`) and its token source (`getTokens`). The Nitro plugin release-request.ts
 * empties it once the response has been sent.
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
    this.cookies = parseCookieHeader(requestCookieHeader(current))
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

  /** The request's token source (bounded, reusing; see create-context.ts), until the release. */
  tokens: GetTokens | undefined

  /** The app's Auth config, to delete a session that cannot be refreshed (session-clearing.ts). */
  auth: NonNullable<ResourcesConfig['Auth']> | undefined

  /** Deletes the session's cookies through this request's storage; a no-op once released. A bound arrow, like markOutage. */
  readonly clearSession = (): Promise<void> => this.auth && this.storage ? clearStoredSession(this.auth, this) : Promise.resolve()

  /** What the context's token provider calls: the request's token source; signed out once released. A bound arrow, like markOutage. */
  readonly getTokens: GetTokens = options => this.tokens ? this.tokens(options) : Promise.resolve(null)

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
    this.cookies.clear()
    this.storage = undefined
    this.tokens = undefined
    this.auth = undefined
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

/** The ref of this request's Amplify context, once the context has been built (create-context.ts). */
export function requestRefOf(event: H3Event): RequestRef | undefined {
  return event.context[KEY] as RequestRef | undefined
}
