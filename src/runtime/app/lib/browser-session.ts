import type { ResourcesConfig } from 'aws-amplify'
import type { TokenProvider } from '@aws-amplify/core'
import { CookieStorage } from 'aws-amplify/utils'
import { CognitoAWSCredentialsAndIdentityIdProvider, DefaultIdentityIdStore, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito'
import { authRoutePath } from '../../shared/auth-routes'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { ChunkedCookieStorage } from './chunked-cookie-storage'
import { MemoryStorage } from './memory-storage'
import { ServerTokenSource } from './server-token-source'

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
  mode: 'browser' | 'server'
  tokenProvider: TokenProvider
  credentialsProvider: CognitoAWSCredentialsAndIdentityIdProvider
  /** A module route just changed the session cookies: drop tokens and credentials held in memory. */
  sessionChanged: () => Promise<void>
  /** Runs a sign-out; with server sessions no token is read (or re-fetched) until it settled. */
  signingOut: <T>(signOut: Promise<T>) => Promise<T>
}

let current: BrowserSession | undefined

/** This page's session setup, once the client plugin made it (`undefined` on the server, or without Auth). */
export function currentBrowserSession(): BrowserSession | undefined {
  return current
}

export function createBrowserSession(runtime: AmplifyPublicRuntimeConfig, auth: NonNullable<ResourcesConfig['Auth']>): BrowserSession {
  current = runtime.session === 'server' ? serverSession(runtime, auth) : browserSession(runtime, auth)
  return current
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
  return {
    mode: 'browser',
    tokenProvider: cognitoUserPoolsTokenProvider,
    credentialsProvider,
    // Amplify reads the token cookies on every use: only the cached AWS credentials may be stale.
    sessionChanged: () => credentialsProvider.clearCredentialsAndIdentityId(),
    signingOut: signOut => signOut,
  }
}

function serverSession(runtime: AmplifyPublicRuntimeConfig, auth: NonNullable<ResourcesConfig['Auth']>): BrowserSession {
  const memory = new MemoryStorage()
  // Not the page's token source, but app code may still call aws-amplify/auth directly: whatever
  // it stores stays in memory, never in a cookie or Web Storage.
  cognitoUserPoolsTokenProvider.setAuthConfig(auth)
  cognitoUserPoolsTokenProvider.setKeyValueStorage(memory)
  const tokens = new ServerTokenSource(authRoutePath(runtime.authRoutes.prefix, 'session'))
  const credentialsProvider = new CognitoAWSCredentialsAndIdentityIdProvider(new DefaultIdentityIdStore(memory))
  return {
    mode: 'server',
    tokenProvider: tokens,
    credentialsProvider,
    sessionChanged: () => {
      tokens.forget()
      return credentialsProvider.clearCredentialsAndIdentityId()
    },
    signingOut: signOut => tokens.whileSigningOut(signOut),
  }
}
