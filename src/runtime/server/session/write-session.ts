import type { H3Event } from 'h3'
import { DefaultTokenStore } from 'aws-amplify/auth/cognito'
import { decodeJwt, type JWTPayload } from 'jose'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { getRequestAmplifyContext } from '../context/create-context'
import { requestRefOf, type RequestRef } from '../context/request-ref'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { verifierFor } from '../tokens/request-verifier'
import { storableClockDrift } from '../cookies/clock-drift'
import { authError } from '../cognito/cognito-errors'
import { SERVER_SESSION_MARKER, sessionModeOf, tokenCookieNames } from './session-mode'
import type { DeviceMetadata } from '../cognito/device-srp'
import { isDeviceCookie } from './device-cookies'

export interface SessionTokens {
  accessToken: string
  idToken: string
  refreshToken?: string
  signInDetails?: { loginId?: string, authFlowType?: string }
  /** A device confirmed at this sign-in (device-cookies.ts): kept in Amplify's device keys. */
  deviceMetadata?: DeviceMetadata
}

/**
 * Makes `tokens` (fresh from Cognito: a sign-in, a confirmed sign-up, a managed-login callback) the
 * request's session. They are verified like every token cookie (signature, issuer, client, token_use,
 * one user), then stored through the request's Amplify cookie storage in Amplify's own keys
 * (`CognitoIdentityServiceProvider.<clientId>.<username>.*` + `LastAuthUser`, as its DefaultTokenStore
 * writes them). So browser sessions get cookies browser Amplify reads, server sessions HttpOnly ones
 * (session-mode.ts), and the rest of this request (getCurrentUser, fetchAuthSession) reads the new user.
 * Tokens that fail verification: a 401 (503 when the keys were unreachable) and nothing written.
 * Any earlier session in the request's cookies (another user's included) is deleted.
 */
export async function writeSessionTokens(event: H3Event, tokens: SessionTokens): Promise<void> {
  const runtime = amplifyRuntimeConfig()
  const auth = resolveResourcesConfig(runtime).Auth
  const pool = auth?.Cognito
  if (!auth || !pool?.userPoolId || !pool.userPoolClientId) throw authError(400, 'NotConfigured', 'The app has no Cognito user pool configured.')
  const access = await verifiedClaims(runtime, pool, tokens.accessToken, 'access')
  const id = await verifiedClaims(runtime, pool, tokens.idToken, 'id')
  const username = access.username ?? access['cognito:username']
  if (access.sub !== id.sub || typeof access.sub !== 'string' || typeof username !== 'string' || !username) {
    throw authError(401, 'InvalidTokens', 'The tokens do not belong to one user of this app.')
  }
  const request = requestOf(event)
  await clearRequestSession(request, pool.userPoolClientId)
  const store = new DefaultTokenStore()
  store.setAuthConfig(auth)
  store.setKeyValueStorage(request)
  // What Amplify's cacheCognitoTokens stores after a sign-in; the drift as the validator accepts it back (clock-drift.ts).
  const clockDrift = Number(storableClockDrift(String(((access.iat ?? 0) * 1000) - Date.now())))
  await store.storeTokens({
    accessToken: jwt(tokens.accessToken, access),
    idToken: jwt(tokens.idToken, id),
    refreshToken: tokens.refreshToken,
    clockDrift,
    username,
    signInDetails: tokens.signInDetails,
    deviceMetadata: tokens.deviceMetadata,
  } as Parameters<DefaultTokenStore['storeTokens']>[0])
  // Server sessions: says "these token cookies are HttpOnly", so they are never carried over again.
  if (sessionModeOf(runtime).name === 'server') await request.setItem(SERVER_SESSION_MARKER, '1')
}

/** Deletes every session cookie of the request (every user's tokens of this app client, chunks included, and the marker). */
export async function clearSessionCookies(event: H3Event): Promise<void> {
  const clientId = resolveResourcesConfig(amplifyRuntimeConfig()).Auth?.Cognito?.userPoolClientId
  if (clientId) await clearRequestSession(requestOf(event), clientId)
}

async function clearRequestSession(request: RequestRef, clientId: string): Promise<void> {
  // A remembered device outlives sign-out and the next sign-in, as in Amplify's token store.
  for (const name of tokenCookieNames(request.cookies, clientId)) if (!isDeviceCookie(name)) await request.removeItem(name)
  await request.removeItem(SERVER_SESSION_MARKER)
}

/** The request's cookie storage (through its context's ref, which also keeps its cookies up to date). */
export function requestOf(event: H3Event): RequestRef {
  getRequestAmplifyContext(event, amplifyRuntimeConfig())
  const request = requestRefOf(event)
  if (!request?.storage) throw authError(400, 'NotConfigured', 'The app has no Cognito user pool configured.')
  return request
}

async function verifiedClaims(runtime: ReturnType<typeof amplifyRuntimeConfig>, pool: { userPoolId: string, userPoolClientId: string, userPoolEndpoint?: string }, token: string, use: 'access' | 'id'): Promise<JWTPayload> {
  if (typeof token !== 'string' || !token) throw authError(401, 'InvalidTokens', `No ${use} token.`)
  const verifier = verifierFor(runtime, pool)
  if (!verifier) { // verifyTokens: false (warned at start): the claims as they stand
    try {
      return decodeJwt(token)
    }
    catch {
      throw authError(401, 'InvalidTokens', `The ${use} token is not a JWT.`)
    }
  }
  const verdict = await verifier.verify(token, use)
  if (verdict.ok) return verdict.claims
  if (verdict.unavailable) throw authError(503, 'ServiceUnavailable', 'Sign-in service unavailable. Try again shortly.')
  throw authError(401, 'InvalidTokens', `The ${use} token failed verification.`)
}

/** Amplify's JWT object: the claims, and the token itself as its string. */
function jwt(token: string, payload: JWTPayload) {
  return { payload, toString: () => token }
}
