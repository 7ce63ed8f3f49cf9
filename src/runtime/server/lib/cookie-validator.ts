import type { CookieStorage } from 'aws-amplify/adapter-core'
import { clientCookieNames } from './session-cookie-names'
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
 *   token_use, client id); an expired one passes so that Amplify can refresh it. The id token must
 *   belong to the same user (`sub`) as the access token beside it: two users' cookies never mix.
 * - `clockDrift`: only a non-negative integer. Amplify treats a token as expired when
 *   now + clockDrift + 5 s > exp; a negative drift would let an expired token pass as current.
 *   Positive drift only makes the server refresh earlier. Anything else reads as 0.
 * - `signInDetails`: only a JSON object (Amplify's JSON.parse would otherwise drop the session).
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
    if (key.endsWith('.clockDrift')) return /^\d{1,12}$/.test(value)
    if (key.endsWith('.signInDetails')) return isJsonObject(value)
    if (!this.options.verifier) return true
    if (key.endsWith('.accessToken')) return !!await this.verified(value, 'access')
    if (key.endsWith('.idToken')) {
      const idClaims = await this.verified(value, 'id')
      if (!idClaims) return false
      const accessKey = `${key.slice(0, -'.idToken'.length)}.accessToken`
      const accessClaims = await this.verified(this.options.cookies.get(accessKey)?.value, 'access')
      return !!accessClaims && accessClaims.sub === idClaims.sub
    }
    return true
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

function isJsonObject(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
  }
  catch {
    return false
  }
}
