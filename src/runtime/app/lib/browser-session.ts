import type { ResourcesConfig } from 'aws-amplify'
import type { TokenProvider } from '@aws-amplify/core'
import { CookieStorage } from 'aws-amplify/utils'
import { CognitoAWSCredentialsAndIdentityIdProvider, DefaultIdentityIdStore, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { ChunkedCookieStorage } from './chunked-cookie-storage'

/**
 * What differs in the browser between the two session modes, decided once by the client plugin:
 * where browser-side Amplify gets its tokens, where it may keep anything, and what a page must
 * forget when a module route changed the session. Everything else is the same code.
 *
 * - `'browser'`: Amplify's own token provider on cookies the page can read, written with exactly
 *   the server's attributes (chunked like the server's), so either side reads what the other wrote.
 * - `'server'`: the tokens come from the module's session route (ServerTokenSource, never the
 *   refresh token); Amplify's own provider and the identity id live in page memory only.
 */
export interface BrowserSession {
  tokenProvider: TokenProvider
  credentialsProvider: CognitoAWSCredentialsAndIdentityIdProvider
  /** Server sessions only (browser sessions need none of it, and every page loads their code). */
  server?: ServerSessionControls
}

export interface ServerSessionControls {
  /** A module route just changed the session cookies: drop tokens and credentials held in memory. */
  sessionChanged: () => Promise<void>
  /** Runs a sign-out; no token is read (or re-fetched) until it settled. */
  signingOut: <T>(signOut: Promise<T>) => Promise<T>
}

// `true` or `false`, replaced at build time (module.ts): without the auth routes a build has no use for
// server sessions' browser code, so not even the line that loads it is built in (the server warns).
declare const __NUXT_AMPLIFY_AUTH_ROUTES__: boolean

let current: BrowserSession | undefined

/** This page's session setup, once the client plugin made it (`undefined` on the server, or without Auth). */
export function currentBrowserSession(): BrowserSession | undefined {
  return current
}

/**
 * Browser sessions: set up at once. Server sessions: a promise, because their pieces are a chunk of
 * their own, so a page with browser sessions (the default) never downloads them (the bench's
 * client-JS budget); the client plugin returns that promise, which Nuxt awaits before other plugins.
 */
export function createBrowserSession(runtime: AmplifyPublicRuntimeConfig, auth: NonNullable<ResourcesConfig['Auth']>): BrowserSession | Promise<BrowserSession> {
  if (runtime.session === 'server' && __NUXT_AMPLIFY_AUTH_ROUTES__) return import('./server-session').then(({ serverSession }) => current = serverSession(runtime, auth))
  return current = browserSession(runtime, auth)
}

function browserSession(runtime: AmplifyPublicRuntimeConfig, auth: NonNullable<ResourcesConfig['Auth']>): BrowserSession {
  const { domain, sameSite, secure, path, maxAge } = runtime.cookies
  const storage = new ChunkedCookieStorage(new CookieStorage({
    domain: domain || undefined,
    sameSite,
    secure,
    path,
    expires: maxAge / 86_400, // js-cookie counts in days
  }))
  cognitoUserPoolsTokenProvider.setAuthConfig(auth)
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage)
  const credentialsProvider = new CognitoAWSCredentialsAndIdentityIdProvider(new DefaultIdentityIdStore(storage))
  return { tokenProvider: cognitoUserPoolsTokenProvider, credentialsProvider }
}
