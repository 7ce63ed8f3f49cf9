import type { CookieStorage } from 'aws-amplify/adapter-core'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { joinCookieChunks } from '../../shared/cookie-chunks'
import { clientCookieNames } from '../cookies/session-cookie-names'
import { warnOncePerProcess } from '../errors/bounded-warnings'

/**
 * What differs between browser sessions and server sessions, in one place (DESIGN.md §1). The rest of
 * the data path (cookie adapter, validator, token providers) is the same in both modes.
 * - `cookieOptions`: the attributes of every token cookie the server writes. Server sessions add
 *   `HttpOnly`, so no script on the page reads a token from `document.cookie`.
 * - `carryOver`: on a request whose token cookies were written by browser-side Amplify (readable by
 *   scripts), server sessions rewrite every one of them with `HttpOnly` on this response, so a session
 *   started before the switch keeps going without a new sign-in. Browser sessions do nothing.
 * The mode is the runtime config's `session` (`NUXT_PUBLIC_AMPLIFY_SESSION` may switch it at run time).
 */
export interface SessionMode {
  readonly name: 'browser' | 'server'
  cookieOptions(base: CookieStorage.SetCookieOptions): CookieStorage.SetCookieOptions
  carryOver(cookies: Map<string, string>, clientId: string, adapter: Pick<CookieStorage.Adapter, 'set'>, options: CookieStorage.SetCookieOptions): void
}

/**
 * The HttpOnly marker of server sessions. The browser sends cookies without their attributes, so the
 * server cannot tell an HttpOnly token cookie from one browser Amplify wrote; this cookie, only ever
 * written by the server with HttpOnly beside the tokens, says "these were written by the server".
 */
export const SERVER_SESSION_MARKER = 'nuxt-amplify.httponly'

const browserMode: SessionMode = {
  name: 'browser',
  cookieOptions: base => base,
  carryOver: () => {},
}

const withHttpOnly = new WeakMap<CookieStorage.SetCookieOptions, CookieStorage.SetCookieOptions>()

const serverMode: SessionMode = {
  name: 'server',
  cookieOptions(base) {
    let options = withHttpOnly.get(base)
    if (!options) withHttpOnly.set(base, options = Object.freeze({ ...base, httpOnly: true }))
    return options
  },
  carryOver(cookies, clientId, adapter, options) {
    if (cookies.has(SERVER_SESSION_MARKER)) return
    const names = tokenCookieNames(cookies, clientId)
    if (!names.length) return
    // Same names and values, now HttpOnly (the adapter also rewrites chunked values as chunks).
    for (const name of names) adapter.set(name, joinCookieChunks(name, cookies) ?? '', options)
    adapter.set(SERVER_SESSION_MARKER, '1', options)
  },
}

/** The session mode of this runtime config. */
export function sessionModeOf(runtime: Pick<AmplifyPublicRuntimeConfig, 'session'> & { authRoutes?: AmplifyPublicRuntimeConfig['authRoutes'] }): SessionMode {
  if (runtime.session !== 'server') return browserMode
  // Switched at run time on a build without the routes: the server works, but the browser has neither
  // a sign-in nor a session route (its server-session code is not even built in, browser-session.ts).
  if (runtime.authRoutes && !runtime.authRoutes.enabled) {
    warnOncePerProcess('session without routes', 'session is \'server\' (NUXT_PUBLIC_AMPLIFY_SESSION) but this build has no auth routes: the browser cannot sign in or get its tokens. Build with `amplify: { session: \'server\' }` or `authRoutes: true`.')
  }
  return serverMode
}

/**
 * The logical names (chunks folded into their name) of this app client's auth cookies in a request,
 * e.g. `CognitoIdentityServiceProvider.<clientId>.alice.idToken`. The request's Cookie header bounds their number.
 */
export function tokenCookieNames(cookies: Map<string, string>, clientId: string): string[] {
  const prefix = `${clientCookieNames(clientId).prefix}.`
  const names = new Set<string>()
  for (const name of cookies.keys()) {
    if (!name.startsWith(prefix)) continue
    // `<name>.0`, `<name>.1`…: chunks of `<name>` (Amplify's own keys end in a word, shared/cookie-chunks.ts)
    names.add(name.replace(/\.\d+$/, ''))
  }
  return [...names]
}
