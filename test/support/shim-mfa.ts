// TOTP MFA through the shim. cognito-local 5.3.0 has a real TOTP (otplib, services/totp.js),
// AssociateSoftwareToken / VerifySoftwareToken / SetUserMFAPreference with an AccessToken and
// the SOFTWARE_TOKEN_MFA challenge, but:
// - it DECODES the AccessToken without verifying it (jsonwebtoken.decode), so a forged token
//   could set up MFA for anyone: the shim verifies it first (signature, expiry, token_use), as
//   Cognito does;
// - it has no MFA_SETUP: a pool with MFA "ON" refuses users without MFA (NotAuthorized), and the
//   Session forms of AssociateSoftwareToken / VerifySoftwareToken are unsupported. The shim
//   issues MFA_SETUP itself (MFAS_CAN_SETUP ["SOFTWARE_TOKEN_MFA"]) once the password is proven,
//   and answers the Session forms by doing the AccessToken form upstream with a token minted
//   for the user (AdminInitiateAuth; its refresh token is revoked at once). Each step returns a
//   new single-use session; RespondToAuthChallenge MFA_SETUP after a verified code gives tokens.
import type { DbUser } from './cognito-db'
import { mintTokens, type PendingChallenge, type SignInContext, wrapChallenge } from './shim-challenges'
import { errorReply, type Reply, type VerifyAccessToken } from './shim-handlers'

const invalidSession = () => errorReply('NotAuthorizedException', 'Invalid session for the user.')

/** AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference with an AccessToken: verified, then passed on. */
export async function withVerifiedAccessToken(ctx: SignInContext, verify: VerifyAccessToken, operation: string, req: any): Promise<Reply> {
  if (!(await verify(req?.AccessToken))) return errorReply('NotAuthorizedException', 'Invalid Access Token')
  return await ctx.call(operation, req)
}

/** True when the pool requires MFA and the user has none yet: sign-in must go through MFA_SETUP. */
export async function needsMfaSetup(ctx: SignInContext, poolId: string, user: DbUser): Promise<boolean> {
  const options = await ctx.db!.poolOptions(poolId)
  return options?.MfaConfiguration === 'ON' && !(user.UserMFASettingList?.length) && !(user.MFAOptions?.length)
}

export function mfaSetupChallenge(ctx: SignInContext, clientId: string, username: string): Reply {
  return wrapChallenge(ctx, clientId, {
    status: 200,
    body: { ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: username } },
  })
}

/** The pending MFA_SETUP of a Session, or an error reply. */
function pendingSetup(ctx: SignInContext, session: unknown): PendingChallenge | Reply {
  const pending = ctx.challenges.peek(session)
  if (pending === 'expired') return errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
  return pending?.challengeName === 'MFA_SETUP' ? pending : invalidSession()
}

/** Runs one AccessToken-form call upstream as the session's user, then revokes the helper token. */
async function asUser(ctx: SignInContext, pending: PendingChallenge, operation: string, req: Record<string, unknown>): Promise<Reply> {
  const minted = await mintTokens(ctx, pending.clientId, pending.username, false)
  const tokens = (minted.body as any)?.AuthenticationResult
  if (minted.status >= 300 || !tokens) return minted
  try {
    return await ctx.call(operation, { ...req, AccessToken: tokens.AccessToken })
  }
  finally {
    await ctx.call('RevokeToken', { ClientId: pending.clientId, Token: tokens.RefreshToken })
  }
}

export async function associateSoftwareToken(ctx: SignInContext, verify: VerifyAccessToken, req: any): Promise<Reply> {
  if (!req?.Session) return await withVerifiedAccessToken(ctx, verify, 'AssociateSoftwareToken', req)
  const pending = pendingSetup(ctx, req.Session)
  if ('status' in pending) return pending
  ctx.challenges.spend(req.Session)
  const res = await asUser(ctx, pending, 'AssociateSoftwareToken', {})
  if (res.status >= 300) return res
  const Session = ctx.challenges.issue({ ...pending, failures: 0, verified: false })
  return { status: 200, body: { SecretCode: (res.body as any).SecretCode, Session } }
}

export async function verifySoftwareToken(ctx: SignInContext, verify: VerifyAccessToken, req: any): Promise<Reply> {
  if (!req?.Session) return await withVerifiedAccessToken(ctx, verify, 'VerifySoftwareToken', req)
  const pending = pendingSetup(ctx, req.Session)
  if ('status' in pending) return pending
  const res = await asUser(ctx, pending, 'VerifySoftwareToken', { UserCode: req.UserCode, FriendlyDeviceName: req.FriendlyDeviceName })
  if (res.status >= 300) {
    if (++pending.failures >= 3) ctx.challenges.spend(req.Session)
    return res
  }
  ctx.challenges.spend(req.Session)
  const Session = ctx.challenges.issue({ ...pending, failures: 0, verified: true })
  return { status: 200, body: { Status: 'SUCCESS', Session } }
}

/** RespondToAuthChallenge MFA_SETUP: tokens once VerifySoftwareToken succeeded in this session chain. */
export async function respondMfaSetup(ctx: SignInContext, pending: PendingChallenge, session: string): Promise<Reply> {
  if (!pending.verified) return errorReply('NotAuthorizedException', 'Software token MFA has not been verified for this session.')
  ctx.challenges.spend(session)
  return await mintTokens(ctx, pending.clientId, pending.username)
}
