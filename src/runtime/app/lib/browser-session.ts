import type { ResourcesConfig } from 'aws-amplify'
import { CookieStorage } from 'aws-amplify/utils'
import { CognitoAWSCredentialsAndIdentityIdProvider, DefaultIdentityIdStore, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { ChunkedCookieStorage } from './chunked-cookie-storage'
import type { BrowserSession } from './session-types'

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
