// Sign-in challenges through the shim. cognito-local 5.3.0 answers NEW_PASSWORD_REQUIRED,
// SMS_MFA, SOFTWARE_TOKEN_MFA and SELECT_MFA_TYPE itself (targets/respondToAuthChallenge.js), but
// differs from Cognito where it matters to sign-in code, so the shim corrects it:
// - its challenge `Session` is a UUID it never checks: any string (or another user's session)
//   is accepted, so RespondToAuthChallenge NEW_PASSWORD_REQUIRED could set anyone's password.
//   The shim hands out its own sessions (shim-sessions.ts: opaque, 3-minute, single-use, bound
//   to user, client and challenge) and forwards cognito-local's only after checking its own;
// - USER_PASSWORD_AUTH for a FORCE_CHANGE_PASSWORD user answers NEW_PASSWORD_REQUIRED before
//   comparing the password (initiateAuth.js): the shim refuses a wrong temporary password;
// - tokens it issues from RespondToAuthChallenge carry a refresh token it never stores (no
//   storeRefreshToken there), so they could not be refreshed: after a successful challenge the
//   shim mints the tokens with AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH (which stores the
//   refresh token and skips MFA/status checks, which are passed by then) and records them in
//   the RefreshTokenLedger, like USER_PASSWORD_AUTH tokens;
// - disabled users can still sign in there; Cognito says "User is disabled.".
import type { CognitoDb } from './cognito-db'
import { checkNewPassword } from './password-policy'
import { mfaSetupChallenge, needsMfaSetup, respondMfaSetup } from './shim-mfa'
import { type CallUpstream, errorReply, initiateAuth, type RefreshTokenLedger, type Reply } from './shim-handlers'
import type { ExpiringHandles } from './shim-sessions'
import type { OneTimeCodes } from './shim-codes'
import type { MfaPendingFields, ShimMfaState } from './shim-mfa-state'
import { mfaSignInStep, respondEmailSetup, respondShimMfa } from './shim-mfa-codes'

export interface PendingChallenge extends MfaPendingFields {
  challengeName: string
  /** The user's real username (USER_ID_FOR_SRP), which RespondToAuthChallenge must name. */
  username: string
  clientId: string
  upstreamSession: unknown
  failures: number
  /** MFA_SETUP only: VerifySoftwareToken succeeded (shim-mfa.ts). */
  verified?: boolean
}
/** SRP state between InitiateAuth and PASSWORD_VERIFIER (see shim-srp.ts). */
export interface SrpState {
  userId: string
  known: boolean
  poolId: string
  clientId: string
  A: bigint
  B: bigint
  b: bigint
  v: bigint
}
/** What the sign-in handlers share, built once per shim in cognito-shim.ts. */
export interface SignInContext {
  call: CallUpstream
  ledger: RefreshTokenLedger
  /** cognito-local's state files; undefined when the shim was started without its data dir. */
  db: CognitoDb | undefined
  srp: ExpiringHandles<SrpState>
  challenges: ExpiringHandles<PendingChallenge>
  /** One-time codes the shim sends itself (SMS_MFA, EMAIL_OTP, ...: shim-codes.ts). */
  codes: OneTimeCodes
  /** Pools' MFA factors and users' e-mail MFA and preference (shim-mfa-state.ts). */
  mfa: ShimMfaState
}

/** Wrong code/answer attempts allowed on one session before it is dropped. */
const MAX_FAILURES = 3
export const incorrectPassword = () => errorReply('NotAuthorizedException', 'Incorrect username or password.')
const invalidSession = () => errorReply('NotAuthorizedException', 'Invalid session for the user.')
const expiredSession = () => errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
export const noDb = () => errorReply('InternalErrorException', 'cognito shim: started without the cognito-local data dir (StackData.cognitoDir)', 500)

/** Replaces cognito-local's challenge Session by a shim session bound to user, client and challenge. */
export function wrapChallenge(ctx: SignInContext, clientId: string, res: Reply): Reply {
  const body = res.body as any
  const username = body.ChallengeParameters?.USER_ID_FOR_SRP ?? body.ChallengeParameters?.USERNAME
  const Session = ctx.challenges.issue({ challengeName: body.ChallengeName, username, clientId, upstreamSession: body.Session, failures: 0 })
  return { status: res.status, body: { ...body, Session, ChallengeParameters: { USERNAME: username, ...body.ChallengeParameters } } }
}

/** Whether the app client allows a flow (no ExplicitAuthFlows = Cognito's default: SRP, refresh, custom). */
export function clientAllows(flows: string[] | undefined, flow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH'): boolean {
  if (!flows?.length) return flow === 'USER_SRP_AUTH'
  return flows.includes(`ALLOW_${flow}`) || flows.includes(flow) // USER_PASSWORD_AUTH: legacy name
}

/**
 * InitiateAuth USER_PASSWORD_AUTH, and the last step of SRP (shim-srp.ts, `afterSrp`: the
 * client asked for SRP, so the client's USER_PASSWORD_AUTH setting does not apply).
 */
export async function passwordSignIn(ctx: SignInContext, req: any, afterSrp = false): Promise<Reply> {
  if (!ctx.db) return noDb()
  const client = await ctx.db.client(req?.ClientId)
  if (client && !afterSrp && !clientAllows(client.ExplicitAuthFlows, 'USER_PASSWORD_AUTH')) {
    return errorReply('InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client')
  }
  const user = client && await ctx.db.user(client.UserPoolId, req?.AuthParameters?.USERNAME)
  const passwordRight = user?.Password !== undefined && user.Password === req.AuthParameters.PASSWORD
  if (passwordRight && user!.Enabled === false) return errorReply('NotAuthorizedException', 'User is disabled.')
  const mfaStep = passwordRight && user!.UserStatus === 'CONFIRMED' ? await mfaSignInStep(ctx, req.ClientId, client!.UserPoolId, user!) : undefined
  if (mfaStep) return mfaStep
  if (passwordRight && user!.UserStatus === 'CONFIRMED' && await needsMfaSetup(ctx, client!.UserPoolId, user!)) {
    return mfaSetupChallenge(ctx, req.ClientId, user!.Username)
  }
  const res = await initiateAuth(ctx.call, req, ctx.ledger)
  const body = res.body as any
  if (res.status >= 300 || !body?.ChallengeName) return res
  if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED' && !passwordRight) return incorrectPassword()
  return wrapChallenge(ctx, req.ClientId, res)
}

/** RespondToAuthChallenge for every challenge but PASSWORD_VERIFIER (shim-srp.ts). */
export async function respondToChallenge(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const pending = ctx.challenges.peek(req?.Session)
  if (pending === 'expired') return expiredSession()
  if (!pending) return invalidSession()
  if (pending.challengeName !== req.ChallengeName || pending.clientId !== req.ClientId || pending.username !== req.ChallengeResponses?.USERNAME) {
    return invalidSession()
  }
  if (pending.shimMfa) return await respondShimMfa(ctx, pending, req)
  if (pending.challengeName === 'MFA_SETUP') {
    return req.ChallengeResponses?.EMAIL !== undefined ? await respondEmailSetup(ctx, pending, req) : await respondMfaSetup(ctx, pending, req.Session)
  }
  if (req.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    const refused = await checkNewPassword(ctx.db, req.ClientId, req.ChallengeResponses?.NEW_PASSWORD)
    if (refused) return refused
  }
  const res = await ctx.call('RespondToAuthChallenge', { ...req, Session: pending.upstreamSession })
  if (res.status >= 300) {
    if (++pending.failures >= MAX_FAILURES) ctx.challenges.spend(req.Session)
    return res
  }
  ctx.challenges.spend(req.Session)
  if (res.body?.ChallengeName) return wrapChallenge(ctx, req.ClientId, res)
  return await mintTokens(ctx, req.ClientId, pending.username)
}

/** Tokens cognito-local stores the refresh token of, for a user who has passed every step. */
export async function mintTokens(ctx: SignInContext, clientId: string, username: string, record = true): Promise<Reply> {
  const client = await ctx.db!.client(clientId)
  const user = client && await ctx.db!.user(client.UserPoolId, username)
  if (!user?.Password) return incorrectPassword()
  const res = await ctx.call('AdminInitiateAuth', {
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    ClientId: clientId,
    UserPoolId: client!.UserPoolId,
    AuthParameters: { USERNAME: user.Username, PASSWORD: user.Password },
  })
  if (res.status >= 300) return res
  const result = res.body?.AuthenticationResult ?? {}
  if (record) ctx.ledger.record(result.AccessToken, result.RefreshToken, clientId)
  return { status: 200, body: { ChallengeParameters: {}, AuthenticationResult: { ...result, TokenType: 'Bearer' } } }
}
