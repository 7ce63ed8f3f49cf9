import { Hub } from 'aws-amplify/utils'

/**
 * Browser only: the Hub auth events the user state has not caught up with. The configure plugin,
 * which every page loads, counts them from the start of the page load; useAmplifyUser() (loaded
 * only by apps that use it, perhaps several pages later) re-reads the user when they say it may
 * have changed. Listening only from the state's first use missed a sign-out, or a sign-in as
 * someone else, on any page before it, and the `amplify-auth` middleware let the signed-out
 * visitor in. Counting is all this file does: it is in every page's entry chunk.
 */
export interface AuthEventLog {
  /** Auth events (signedIn, signedOut, tokenRefresh, tokenRefresh_failure) since the page loaded. */
  events: number
  /** The value of `events` the user state was last read after. */
  readAfter: number
  /** Sign-ins and sign-outs since the page loaded: a read that overlapped one may show the user before it. */
  identityChanges: number
  /** The value of `identityChanges` the user state was last read after. */
  identityReadAfter: number
  /** Set by useAmplifyUser() once the browser follows the state: re-reads the user. */
  onEvent?: () => void
}

// Keyed by the Nuxt app (any object: the plugin's `nuxtApp` argument is typed apart from `NuxtApp`).
const logs = new WeakMap<object, AuthEventLog>()
const FOLLOWED = new Set(['signedIn', 'signedOut', 'tokenRefresh', 'tokenRefresh_failure'])

/** Called once per page load by the configure plugin (browser, apps with Auth). Costs one Hub listener. */
export function recordAuthEvents(nuxtApp: object): void {
  const log: AuthEventLog = { events: 0, readAfter: 0, identityChanges: 0, identityReadAfter: 0 }
  logs.set(nuxtApp, log)
  Hub.listen('auth', ({ payload: { event } }) => {
    if (!FOLLOWED.has(event)) return
    if (event === 'signedIn' || event === 'signedOut') log.identityChanges++
    log.events++
    log.onEvent?.()
  })
}

/** This page load's log, or `undefined` on the server and in apps without Auth. */
export function authEventLog(nuxtApp: object): AuthEventLog | undefined {
  return logs.get(nuxtApp)
}

/**
 * Someone signed out (and maybe someone else in) since the user state was last read: the user it
 * holds is gone for sure, whoever comes next.
 */
export function identityChangedSinceRead(log: AuthEventLog): boolean {
  return log.identityChanges !== log.identityReadAfter
}

/** An auth event happened since the user state was last read, so it may be behind the cookies. */
export function userStateBehind(nuxtApp: object): boolean {
  const log = logs.get(nuxtApp)
  return !!log && log.events !== log.readAfter
}
