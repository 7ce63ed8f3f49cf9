import type { AmplifyPublicRuntimeConfig } from '../../types'
import { getTokenVerifier, type TokenVerifier } from './token-verifier'
import { warnOncePerProcess } from '../errors/bounded-warnings'

interface UserPool {
  userPoolId: string
  userPoolClientId: string
  userPoolEndpoint?: string
}

/**
 * Where the user pool's tokens come from. Cognito: issuer
 * `https://cognito-idp.<region>.amazonaws.com/<poolId>`, keys at `<issuer>/.well-known/jwks.json`
 * (the region is the pool id's prefix, as Amplify derives it). With `userPoolEndpoint` (an emulator
 * such as cognito-local) the same paths under that endpoint. `tokenIssuer`/`jwksUrl` override
 * both, e.g. for a private endpoint in front of real Cognito, whose tokens keep Cognito's issuer.
 */
export function tokenSource(runtime: AmplifyPublicRuntimeConfig, pool: UserPool): { issuer: string, jwksUrl: string } {
  const region = pool.userPoolId.split('_')[0]
  const base = (pool.userPoolEndpoint || `https://cognito-idp.${region}.amazonaws.com`).replace(/\/+$/, '')
  const issuer = runtime.tokenIssuer || `${base}/${pool.userPoolId}`
  const jwksUrl = runtime.jwksUrl || `${base}/${pool.userPoolId}/.well-known/jwks.json`
  return { issuer, jwksUrl }
}

// Per runtime config object, which is the process-wide one on the server (runtime-config.ts) and has
// one user pool: the lookup below (JSON key of issuer, URL, client) then runs once, not per request.
const byRuntime = new WeakMap<AmplifyPublicRuntimeConfig, TokenVerifier | undefined>()

/** The process-wide verifier for this app's user pool, or `undefined` (with a warning) when verification is off. */
export function verifierFor(runtime: AmplifyPublicRuntimeConfig, pool: UserPool): TokenVerifier | undefined {
  if (byRuntime.has(runtime)) return byRuntime.get(runtime)
  const verifier = lookUpVerifier(runtime, pool)
  byRuntime.set(runtime, verifier)
  return verifier
}

function lookUpVerifier(runtime: AmplifyPublicRuntimeConfig, pool: UserPool): TokenVerifier | undefined {
  // Runtime config values may arrive as strings from NUXT_PUBLIC_AMPLIFY_* variables.
  if (runtime.verifyTokens === false || String(runtime.verifyTokens) === 'false') {
    // Once per process across both of Nuxt's server bundles (it used to print twice).
    warnOncePerProcess('verifyTokens off', 'verifyTokens is off: the server trusts token cookies without checking their signature. Anyone can sign in as anyone by writing a cookie. Use this only for debugging.')
    return undefined
  }
  return getTokenVerifier({
    ...tokenSource(runtime, pool),
    clientId: pool.userPoolClientId,
    timeoutMs: Number(runtime.cognitoTimeout) || 5000,
  })
}
