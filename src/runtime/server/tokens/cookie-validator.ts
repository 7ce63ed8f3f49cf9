import type { CookieStorage } from 'aws-amplify/adapter-core'
import type { JWTPayload } from 'jose'
import { decodeJwt } from 'jose/jwt/decode' // a subpath, not jose's index (see token-verifier.ts)
import { clientCookieNames } from '../cookies/session-cookie-names'
import { isTrustedClockDrift } from '../cookies/clock-drift'
import { isLoginIdOf, parseSignInDetails } from '../cookies/sign-in-details'
import type { TokenUse, TokenVerifier } from './token-verifier'

// What Amplify's cookie storage accepts as its `validator` argument: `getItem(key, value)` runs on
// every read; `false` makes the cookie read as absent. (The type is not exported by aws-amplify.)
export interface CookieValidator {
  getItem(key: string, value: string): Promise<boolean>
}

export interface CookieValidatorOptions {
  clientId: string
  /** The request's cookies, to read the access token beside an id token. */
  cookies: Pick<CookieStorage.Adapter, 'get'>
  /** `undefined`: token verification is off (module option `verifyTokens: false`). */
  verifier?: TokenVerifier
  /** Called when a token could not be checked because the user pool's keys were unreachable. */
  onUnavailable(reason: string): void
}

/**
 * Decides, cookie by cookie, what Amplify's token store may read. The browser controls every
 * cookie, so each one is checked for what it could make the server believe:
 * - `accessToken`, `idToken`: genuine tokens of this user pool and app client (signature, issuer,
 *   token_use, client id); an expired one passes so that Amplify can refresh it. A session is the
 *   pair: each reads only while the other one beside it is genuine and names the same user (`sub`).
 *   So two users' cookies never mix, and an access token without its id token is no session:
 *   Amplify's `getCurrentUser` names the user from the id token alone, and would otherwise answer
 *   a user without name or id while other readers named one (getAmplifyUser, useAmplifyUser).
 * - `clockDrift`: only a non-negative integer (clock-drift.ts). Anything else reads as 0.
 * - `signInDetails`: only Amplify's shape, and only a `loginId` that the session's verified tokens
 *   say about their user (sign-in-details.ts); else it reads as absent and the session stays.
 * Everything else (LastAuthUser, refreshToken, device keys) is only ever used by sending it to
 * Cognito, which judges it.
 */
export function createCookieValidator(options: CookieValidatorOptions): CookieValidator {
  return new TokenCookieValidator(options)
}

/** A class rather than an object of closures: one allocation per request (test/bench). */
class TokenCookieValidator implements CookieValidator {
  private readonly prefix: string

  constructor(private readonly options: CookieValidatorOptions) {
    this.prefix = clientCookieNames(options.clientId).prefix
  }

  async getItem(key: string, value: string): Promise<boolean> {
    if (!key.startsWith(this.prefix) || key[this.prefix.length] !== '.') return true // not an auth key of this app client
    if (key.endsWith('.clockDrift')) return isTrustedClockDrift(value)
    if (key.endsWith('.signInDetails')) return this.signInDetailsOf(key.slice(0, -'.signInDetails'.length), value)
    if (key.endsWith('.accessToken')) return !!await this.session(value, this.cookie(key.slice(0, -'.accessToken'.length), 'idToken'))
    if (key.endsWith('.idToken')) return !!await this.session(this.cookie(key.slice(0, -'.idToken'.length), 'accessToken'), value)
    return true
  }

  private cookie(user: string, name: 'accessToken' | 'idToken'): string | undefined {
    return this.options.cookies.get(`${user}.${name}`)?.value
  }

  /** The claims of an access and an id token that are both genuine and name the same user. */
  private async session(accessToken: string | undefined, idToken: string | undefined) {
    const access = await this.claims(accessToken, 'access')
    const id = access && await this.claims(idToken, 'id')
    // (A verified token always has a `sub`; an unverified one, with `verifyTokens: false`, may not.)
    return id && typeof access.sub === 'string' && id.sub === access.sub ? { access, id } : undefined
  }

  private async signInDetailsOf(user: string, value: string): Promise<boolean> {
    const details = parseSignInDetails(value)
    if (!details) return false
    if (details.loginId === undefined) return true
    const session = await this.session(this.cookie(user, 'accessToken'), this.cookie(user, 'idToken'))
    return !!session && isLoginIdOf(details.loginId, session.access, session.id)
  }

  /** Verified claims; with `verifyTokens: false` the claims as they stand, so the rules above still hold. */
  private claims(token: string | undefined, use: TokenUse): Promise<JWTPayload | undefined> | JWTPayload | undefined {
    if (this.options.verifier) return this.verified(token, use)
    try {
      return token ? decodeJwt(token) : undefined
    }
    catch {
      return undefined
    }
  }

  private async verified(token: string | undefined, use: TokenUse) {
    const { verifier, onUnavailable } = this.options
    if (!verifier || !token) return undefined
    const verdict = await verifier.verify(token, use)
    if (verdict.ok) return verdict.claims
    if (verdict.unavailable) onUnavailable(verdict.reason)
    return undefined
  }
}
