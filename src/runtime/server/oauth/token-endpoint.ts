import type { ManagedLogin } from './oauth-config'

export interface ExchangedTokens { accessToken: string, idToken: string, refreshToken?: string }
/** Why an exchange failed, as the callback's `?error=` names it (docs/managed-login.md). */
export type ExchangeFailure = 'invalid_grant' | 'token_endpoint_unavailable' | 'invalid_tokens'

// Token endpoint answers are a few KB; a larger one is not Cognito's and is not read to the end.
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024

/**
 * The code (with its PKCE verifier) for tokens at `/oauth2/token`, bounded by `cognitoTimeout`.
 * A refused code (replayed, expired, another verifier): `invalid_grant`; no answer in time, a network
 * error or a 5xx: `token_endpoint_unavailable`; an answer without both tokens (no `openid` scope): `invalid_tokens`.
 */
export async function exchangeCode(login: ManagedLogin, code: string, codeVerifier: string, redirectUri: string): Promise<ExchangedTokens | ExchangeFailure> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', client_id: login.clientId, code, code_verifier: codeVerifier, redirect_uri: redirectUri })
  let res: Response
  let text: string
  try {
    res = await postForm(login, '/oauth2/token', body)
    text = await res.text()
  }
  catch {
    return 'token_endpoint_unavailable'
  }
  if (res.status >= 500) return 'token_endpoint_unavailable'
  if (!res.ok) return 'invalid_grant'
  if (text.length > MAX_TOKEN_RESPONSE_BYTES) return 'invalid_tokens'
  try {
    const json = JSON.parse(text) as Record<string, unknown>
    const { access_token: accessToken, id_token: idToken, refresh_token: refreshToken } = json
    if (typeof accessToken !== 'string' || typeof idToken !== 'string') return 'invalid_tokens'
    return { accessToken, idToken, ...(typeof refreshToken === 'string' && { refreshToken }) }
  }
  catch {
    return 'invalid_tokens'
  }
}

/** Revokes a refresh token at `/oauth2/revoke` (its access tokens stop refreshing). `false`: not confirmed. */
export async function revokeRefreshToken(login: ManagedLogin, refreshToken: string): Promise<boolean> {
  try {
    const res = await postForm(login, '/oauth2/revoke', new URLSearchParams({ token: refreshToken, client_id: login.clientId }))
    await res.arrayBuffer()
    return res.ok
  }
  catch {
    return false
  }
}

function postForm(login: ManagedLogin, path: string, body: URLSearchParams): Promise<Response> {
  return fetch(`${login.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept': 'application/json' },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(login.cognitoTimeout),
  })
}
