import { decodeJWT, type AuthTokens, type TokenProvider } from '@aws-amplify/core'
import { isTokenExpired } from '@aws-amplify/core/internals/utils'
import type { SessionResult } from '../../shared/auth-routes'
import { dispatchAuthEvent } from './auth-hub'
import { routeFetch } from './auth-route-client'

type Held = { tokens: AuthTokens | null, userId?: string, freshUntil: number }

// A "signed out" answer is trusted this long: a guest page calling fetchAuthSession() in a loop
// costs one session request a minute, and a sign-in in another tab shows up within that minute.
const SIGNED_OUT_TTL_MS = 60_000

/**
 * Browser-side Amplify's token provider with server sessions. The refresh token stays in an HttpOnly
 * cookie the page cannot read; this source asks the module's session route for the short-lived
 * access and id tokens, holds them in memory until just before they expire (Amplify's own 5-second
 * rule, corrected by the clock difference to the server), then asks again, and the server refreshes
 * them with the refresh token. Concurrent callers share one request. Nothing is written anywhere.
 */
export class ServerTokenSource implements TokenProvider {
  private held?: Held
  private pending?: Promise<AuthTokens | null>
  // Bumped by forget(): an answer to a request started before a sign-in or sign-out is not kept.
  private generation = 0
  private signingOut?: Promise<unknown>

  constructor(private readonly sessionPath: string) {}

  async getTokens({ forceRefresh = false }: { forceRefresh?: boolean } = {}): Promise<AuthTokens | null> {
    if (this.signingOut) await this.signingOut.catch(() => {})
    const held = this.held
    if (!forceRefresh && held && Date.now() < held.freshUntil) return held.tokens
    // forceRefresh asks the server again; it refreshes only tokens that expired (the refresh token
    // is its alone), so the answer may be the same tokens.
    this.pending ??= this.fetchSession().finally(() => (this.pending = undefined))
    return this.pending
  }

  /** After a route changed the session (sign-in, sign-out): drop what is held, ask on next use. */
  forget(): void {
    this.generation++
    this.held = undefined
    this.pending = undefined
  }

  /** Holds every token read until `signOut` settles, then starts from "signed out". */
  async whileSigningOut<T>(signOut: Promise<T>): Promise<T> {
    this.signingOut = signOut
    try {
      return await signOut
    }
    finally {
      if (this.signingOut === signOut) this.signingOut = undefined
      this.forget()
      this.held = { tokens: null, freshUntil: Date.now() + SIGNED_OUT_TTL_MS }
    }
  }

  private async fetchSession(): Promise<AuthTokens | null> {
    const generation = this.generation
    const before = this.held
    const response = await routeFetch().raw<SessionResult>(this.sessionPath, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
    })
    const session = response._data
    const next = session?.signedIn ? heldTokens(session, clockDrift(response.headers.get('date'))) : { tokens: null, freshUntil: Date.now() + SIGNED_OUT_TTL_MS }
    if (generation !== this.generation) return next.tokens
    this.held = next
    announceChange(before, next)
    return next.tokens
  }
}

/** Amplify's events for what changed without a sign-in or sign-out of this page. */
function announceChange(before: Held | undefined, next: Held): void {
  if (!before?.tokens) return
  if (next.tokens && next.userId === before.userId) {
    if (next.tokens.accessToken.toString() !== before.tokens.accessToken.toString()) dispatchAuthEvent('tokenRefresh')
    return
  }
  // The server no longer has the session (refresh token expired or revoked): what Amplify reports
  // when its own refresh is refused.
  const error = Object.assign(new Error('The session ended: the server could not refresh its tokens.'), { name: 'NotAuthorizedException' })
  dispatchAuthEvent('tokenRefresh_failure', { error })
}

function heldTokens(session: Extract<SessionResult, { signedIn: true }>, drift: number): Held {
  const accessToken = decodeJWT(session.accessToken)
  const idToken = decodeJWT(session.idToken)
  const tokens: AuthTokens = { accessToken, idToken }
  if (session.signInDetails) tokens.signInDetails = session.signInDetails as AuthTokens['signInDetails']
  const expiresAt = Math.min(accessToken.payload.exp ?? 0, idToken.payload.exp ?? 0) * 1000
  // Tokens already inside Amplify's 5-second margin are handed to this caller (the server just
  // vouched for them) but not held: the next call asks again.
  const freshUntil = isTokenExpired({ expiresAt, clockDrift: drift }) ? 0 : expiresAt - drift - 5000
  return { tokens, userId: session.userId, freshUntil }
}

/**
 * How far this browser's clock is ahead of the server's, from the response's `Date` (whole seconds,
 * so up to a second too high: tokens are dropped that much early, never late).
 */
function clockDrift(date: string | null): number {
  const serverNow = date ? Date.parse(date) : Number.NaN
  return Number.isFinite(serverNow) ? Date.now() - serverNow : 0
}
