import { createRemoteJWKSet, errors, jwtVerify } from 'jose'

// What Cognito Identity checks of a `Logins` entry `{ '<iss without https://>': <ID token> }` before
// it maps it to an identity: a user-pool ID token signed by the pool's key, issued by the provider
// it is filed under, for one of the app clients the identity pool trusts, not expired.
// The identity-pool stand-in does the same with jose against the emulator's key set.

export interface UserPoolProvider {
  /** The tokens' `iss`, e.g. `https://cognito-idp.us-east-1.amazonaws.com/<poolId>`. */
  issuer: string
  /** Where the signing keys are; the emulator's own URL, so the Cognito shim's JWKS counter stays untouched. */
  jwksUrl: string
  /** The `aud` values accepted (the identity pool's configured app clients). */
  clientIds: string[]
}

export type LoginCheck = { sub: string, provider: string } | { error: string }

const hostOf = (issuer: string) => issuer.replace(/^\w+:\/\//, '')

export function createLoginVerifier(provider: UserPoolProvider): (logins: Record<string, unknown>) => Promise<LoginCheck> {
  const keys = createRemoteJWKSet(new URL(provider.jwksUrl))
  const accepted = hostOf(provider.issuer)
  return async (logins) => {
    const [name, token] = Object.entries(logins)[0]!
    if (name !== accepted)
      return { error: 'Token is not from a supported provider of this identity pool.' }
    if (typeof token !== 'string')
      return { error: 'Invalid login token. Not a valid OpenId Connect identity token.' }
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: provider.issuer, audience: provider.clientIds })
      if (payload.token_use !== 'id' || !payload.sub)
        return { error: 'Invalid login token. Not a valid OpenId Connect identity token.' }
      return { sub: payload.sub, provider: name }
    }
    catch (error) {
      if (error instanceof errors.JWTExpired)
        return { error: 'Invalid login token. Token expired.' }
      if (error instanceof errors.JWTClaimValidationFailed)
        return { error: `Invalid login token. ${error.claim === 'iss' ? 'Issuer doesn\'t match providerName' : 'Incorrect token audience.'}` }
      return { error: 'Invalid login token. Token signature invalid.' }
    }
  }
}
