// The Cognito operations the shim answers itself, because cognito-local 5.3.0 lacks them or
// answers them differently from the real service. Pure request -> reply functions; the HTTP
// plumbing lives in cognito-shim.ts.
//
// What aws-amplify 6.22.1 sends and reads (node_modules/@aws-amplify/auth/dist/esm):
// - providers/cognito/utils/refreshAuthTokens.mjs: POST with X-Amz-Target
//   `AWSCognitoIdentityProviderService.GetTokensFromRefreshToken`, JSON body
//   { ClientId, RefreshToken, DeviceKey?, ClientMetadata? }. It reads
//   AuthenticationResult.AccessToken (must carry `iat`), .IdToken (optional) and
//   .RefreshToken (optional: the old one is kept when absent).
// - Errors go through parseJsonError (@aws-amplify/core clients/serde/json.mjs): the name comes
//   from the `x-amzn-errortype` header, else body.code, else body.__type (text after '#' and
//   before ':'); the message from body.message. TokenOrchestrator.handleErrors clears the stored
//   tokens only for NotAuthorizedException / TokenRevokedException / UserNotFoundException / ...
//   and turns NotAuthorizedException into "signed out" (null tokens); other errors are thrown and
//   the tokens are kept.
export interface UpstreamResult { status: number, body: any }
/** Calls one cognito-local operation (JSON-RPC) and returns its status and parsed body. */
export type CallUpstream = (operation: string, body: unknown) => Promise<UpstreamResult>
export interface Reply { status: number, body: unknown }

export function errorReply(type: string, message: string, status = 400): Reply {
  return { status, body: { __type: type, message } }
}

/** Payload of a JWT without verifying it: the shim only needs the claims of emulator tokens. */
export function decodeJwtPayload(token: unknown): Record<string, any> | undefined {
  if (typeof token !== 'string') return undefined
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
  }
  catch {
    return undefined
  }
}

// cognito-local never checks a refresh token's `exp` (it only looks the token up in the user's
// list), so the shim does, to let tests exercise expired refresh tokens like the real service.
function expiredRefreshToken(token: unknown): Reply | undefined {
  const exp = decodeJwtPayload(token)?.exp
  if (typeof exp === 'number' && exp * 1000 <= Date.now()) {
    return errorReply('NotAuthorizedException', 'Refresh Token has expired')
  }
}

/**
 * Refresh tokens handed out through the shim, per user. GlobalSignOut only carries an access
 * token and cognito-local has no "revoke all tokens of a user" call, so the shim remembers
 * which refresh tokens it saw in order to revoke them one by one (RevokeToken).
 */
export class RefreshTokenLedger {
  private readonly byUser = new Map<string, Map<string, string>>()

  private static userKey(accessToken: unknown): string | undefined {
    const claims = decodeJwtPayload(accessToken)
    return claims?.username ? `${claims.iss}|${claims.username}` : undefined
  }

  record(accessToken: unknown, refreshToken: unknown, clientId: string): void {
    const key = RefreshTokenLedger.userKey(accessToken)
    if (!key || typeof refreshToken !== 'string') return
    if (!this.byUser.has(key)) this.byUser.set(key, new Map())
    this.byUser.get(key)!.set(refreshToken, clientId)
  }

  /** Forgets and returns every refresh token of the access token's user. */
  take(accessToken: unknown): Array<{ token: string, clientId: string }> {
    const key = RefreshTokenLedger.userKey(accessToken)
    const tokens = key ? this.byUser.get(key) : undefined
    if (key) this.byUser.delete(key)
    return [...(tokens ?? [])].map(([token, clientId]) => ({ token, clientId }))
  }
}

/**
 * InitiateAuth is forwarded, with two corrections that make cognito-local answer like Cognito:
 * - USER_PASSWORD_AUTH with a wrong password: cognito-local says InvalidPasswordException
 *   (Cognito uses that only for password-policy violations); Cognito says
 *   NotAuthorizedException "Incorrect username or password." (also for unknown users when
 *   PreventUserExistenceErrors is on, the default for new app clients).
 * - REFRESH_TOKEN_AUTH with an unknown/revoked/expired token: NotAuthorizedException with
 *   Cognito's messages instead of "User not authorized".
 */
export async function initiateAuth(call: CallUpstream, req: any, ledger: RefreshTokenLedger): Promise<Reply> {
  const isRefresh = req?.AuthFlow === 'REFRESH_TOKEN_AUTH' || req?.AuthFlow === 'REFRESH_TOKEN'
  if (isRefresh) {
    const expired = expiredRefreshToken(req?.AuthParameters?.REFRESH_TOKEN)
    if (expired) return expired
  }
  const res = await call('InitiateAuth', req)
  const type = res.body?.__type
  if (res.status >= 400 && (type === 'InvalidPasswordException' || type === 'NotAuthorizedException')) {
    return errorReply('NotAuthorizedException', isRefresh ? 'Invalid Refresh Token' : 'Incorrect username or password.')
  }
  const result = res.body?.AuthenticationResult
  if (res.status < 300 && result) ledger.record(result.AccessToken, result.RefreshToken, req.ClientId)
  return res
}

/**
 * GetTokensFromRefreshToken (not implemented by cognito-local) is translated into
 * InitiateAuth { AuthFlow: REFRESH_TOKEN_AUTH, AuthParameters: { REFRESH_TOKEN } } and the
 * answer reshaped to GetTokensFromRefreshToken's output:
 * { AuthenticationResult: { AccessToken, IdToken, ExpiresIn, TokenType, RefreshToken? } }.
 * No RefreshToken is returned (no rotation), so Amplify keeps the old one, as with Cognito
 * when refresh-token rotation is off.
 */
export async function getTokensFromRefreshToken(call: CallUpstream, req: any, ledger: RefreshTokenLedger): Promise<Reply> {
  const authParameters: Record<string, string> = { REFRESH_TOKEN: req?.RefreshToken }
  if (req?.DeviceKey) authParameters.DEVICE_KEY = req.DeviceKey
  const res = await initiateAuth(call, {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: req?.ClientId,
    AuthParameters: authParameters,
    ClientMetadata: req?.ClientMetadata,
  }, ledger)
  if (res.status >= 300) return res
  const result = (res.body as any)?.AuthenticationResult ?? {}
  const access = decodeJwtPayload(result.AccessToken)
  const authenticationResult: Record<string, unknown> = {
    AccessToken: result.AccessToken,
    IdToken: result.IdToken,
    ExpiresIn: access?.exp && access?.iat ? access.exp - access.iat : undefined,
    TokenType: 'Bearer',
  }
  if (result.RefreshToken) authenticationResult.RefreshToken = result.RefreshToken
  return { status: 200, body: { AuthenticationResult: authenticationResult } }
}

/** RevokeToken goes to cognito-local, which removes the refresh token from the user (a later refresh with it is refused); its answer is returned as is. */
export async function revokeToken(call: CallUpstream, req: any): Promise<Reply> {
  return await call('RevokeToken', { ClientId: req?.ClientId, Token: req?.Token })
}

/** The verified claims of an access token issued by the emulator, or undefined when it is not one (forged, expired, not an access token). */
export type VerifyAccessToken = (token: unknown) => Promise<Record<string, any> | undefined>

/**
 * GlobalSignOut (not implemented by cognito-local): the access token is checked (signature,
 * expiry, token use) as Cognito does, then every refresh token of its user that went through this
 * shim is revoked in cognito-local, so a later refresh is refused, as after Cognito's GlobalSignOut.
 * Not like Cognito: the access token itself stays usable until it expires (cognito-local keeps no
 * revocation list for access tokens), and refresh tokens issued through another shim are kept.
 */
export async function globalSignOut(call: CallUpstream, req: any, ledger: RefreshTokenLedger, verify: VerifyAccessToken): Promise<Reply> {
  if (!(await verify(req?.AccessToken))?.username) {
    return errorReply('NotAuthorizedException', 'Invalid Access Token')
  }
  await Promise.all(ledger.take(req.AccessToken).map(({ token, clientId }) => revokeToken(call, { ClientId: clientId, Token: token })))
  return { status: 200, body: {} }
}
