import type { TokenProvider } from '@aws-amplify/core'
import type { CognitoAWSCredentialsAndIdentityIdProvider } from 'aws-amplify/auth/cognito'

// The shapes both session modes' browser code share, in a file of their own so that the server-session
// chunk (server-session.ts, sign-out-bridge.ts) needs nothing from browser-session.ts, which loads it.

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
  /** Where the module's auth routes are (`authRoutes.prefix`), for code that runs outside a Nuxt context. */
  authRoutesPrefix: string
  /** A module route just changed the session cookies: drop tokens and credentials held in memory. */
  sessionChanged: () => Promise<void>
  /** Runs a sign-out; no token is read (or re-fetched) until it settled. */
  signingOut: <T>(signOut: Promise<T>) => Promise<T>
}
