import type { AmplifyPublicRuntimeConfig } from '../../types'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { type UserContextData, withUserContext } from './user-context'

// The Cognito user pool API as JSON over `fetch` (Node 20, edge runtimes). Amplify has these service
// clients, but @aws-amplify/auth does not export them (its package "exports" are `.`, `./cognito`,
// `./server`, …), and its `signIn`/`confirmSignIn` keep the state of a multi-step sign-in in a
// process-wide store shared by concurrent requests. So the routes speak to Cognito themselves.

export type CognitoOperation
  = | 'InitiateAuth' | 'RespondToAuthChallenge' | 'SignUp' | 'ConfirmSignUp' | 'ResendConfirmationCode'
    | 'ForgotPassword' | 'ConfirmForgotPassword' | 'RevokeToken' | 'GlobalSignOut'
    | 'AssociateSoftwareToken' | 'VerifySoftwareToken'
    | 'ConfirmDevice' | 'UpdateDeviceStatus' | 'ForgetDevice' | 'ListDevices'

/** A failed Cognito call: `name` is Cognito's error name (`__type`), or ours for an outage. */
export class CognitoError extends Error {
  constructor(name: string, message: string, readonly outage = false) {
    super(message)
    this.name = name
  }
}

export interface CognitoPool {
  endpoint: string
  userPoolId: string
  clientId: string
  timeoutMs: number
  /** The browser a route calls for (its address, the page's EncodedData): sent with each call that takes it. */
  userContext?: UserContextData
}

const poolOf = new WeakMap<AmplifyPublicRuntimeConfig, CognitoPool>()

/** The app's user pool and where its API is: `userPoolEndpoint` (an emulator, a proxy) or Cognito's regional URL. */
export function cognitoPool(runtime: AmplifyPublicRuntimeConfig): CognitoPool {
  let pool = poolOf.get(runtime)
  if (!pool) {
    const cognito = resolveResourcesConfig(runtime).Auth?.Cognito
    if (!cognito?.userPoolId || !cognito.userPoolClientId) throw new CognitoError('NotConfigured', 'The app has no Cognito user pool configured.')
    const region = cognito.userPoolId.split('_')[0]
    pool = {
      endpoint: (cognito.userPoolEndpoint || `https://cognito-idp.${region}.amazonaws.com`).replace(/\/*$/, '/'),
      userPoolId: cognito.userPoolId,
      clientId: cognito.userPoolClientId,
      timeoutMs: Number(runtime.cognitoTimeout) || 5000,
    }
    poolOf.set(runtime, pool)
  }
  return pool
}

// Cognito answers tens of bytes to a few KB; a body beyond this is not Cognito's.
const MAX_RESPONSE_BYTES = 64 * 1024

/**
 * One call to the user pool API. Resolves with Cognito's JSON answer; rejects with a CognitoError
 * carrying Cognito's error name, or an outage (`outage: true`) when Cognito did not answer within
 * `cognitoTimeout`, could not be reached or answered 5xx.
 */
export async function callCognito<T = Record<string, unknown>>(pool: CognitoPool, operation: CognitoOperation, body: Record<string, unknown>): Promise<T> {
  let response: Response
  let text: string
  try {
    response = await fetch(pool.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
      body: JSON.stringify(withUserContext(operation, body, pool.userContext)),
      signal: AbortSignal.timeout(pool.timeoutMs),
      redirect: 'error',
    })
    text = await response.text()
  }
  catch (error) {
    const timedOut = (error as Error)?.name === 'TimeoutError'
    throw new CognitoError(timedOut ? 'TimeoutError' : 'NetworkError', timedOut ? `Cognito did not answer within ${pool.timeoutMs} ms.` : 'Cognito could not be reached.', true)
  }
  if (text.length > MAX_RESPONSE_BYTES) throw new CognitoError('InvalidResponse', 'Cognito answered with an oversized body.', true)
  const json = parseJson(text)
  if (response.ok) return json as T
  const name = errorName(response, json)
  const message = typeof json.message === 'string' ? json.message : typeof json.Message === 'string' ? json.Message : name
  throw new CognitoError(name, message, response.status >= 500)
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || '{}')
    return value && typeof value === 'object' ? value : {}
  }
  catch {
    return {}
  }
}

// `__type` is `NotAuthorizedException` or `com.amazonaws.…#NotAuthorizedException`; some proxies only keep the header.
function errorName(response: Response, json: Record<string, unknown>): string {
  const raw = (typeof json.__type === 'string' && json.__type) || response.headers.get('x-amzn-errortype') || ''
  const name = raw.split('#').pop()!.split(':')[0]!.trim()
  return /^\w{1,64}$/.test(name) ? name : response.status >= 500 ? 'InternalErrorException' : 'UnknownError'
}
