// Choice-based sign-in (InitiateAuth AuthFlow USER_AUTH), which cognito-local 5.3.0 lacks. The shim
// plays Cognito's side:
//   InitiateAuth { AuthFlow: USER_AUTH, AuthParameters: { USERNAME, PREFERRED_CHALLENGE?, PASSWORD?, SRP_A? }, Session? }
//     -> the preferred challenge started (when the user can use it), else
//        { ChallengeName: SELECT_CHALLENGE, AvailableChallenges: [...], Session }
//   RespondToAuthChallenge { ChallengeName: SELECT_CHALLENGE, ChallengeResponses: { USERNAME, ANSWER, PASSWORD? | SRP_A? } }
//     -> the chosen challenge started (EMAIL_OTP / SMS_OTP: a code sent; PASSWORD: signed in or the
//        next challenge; PASSWORD_SRP: PASSWORD_VERIFIER, answered by shim-srp.ts).
// What Cognito enforces and the shim with it: the app client must allow ALLOW_USER_AUTH; only the
// pool's allowed first factors (Policies.SignInPolicy.AllowedFirstAuthFactors, default [PASSWORD])
// that this user can use are offered or accepted (EMAIL_OTP: a verified e-mail; SMS_OTP: a verified
// phone; PASSWORD: a password); sessions are the shim's own (3 minutes, single-use, bound to user,
// client and challenge). A `Session` with InitiateAuth is the one ConfirmSignUp handed out after a
// sign-up (shim-passwordless-sign-up.ts): it signs that user in, once.
//
// FIRST_FACTORS is the table of first factors: each lists the challenge names it offers a user,
// starts one, and answers RespondToAuthChallenge for the challenges it issued. WEB_AUTHN (passkeys)
// plugs in as one more entry there.
import type { DbClient, DbUser } from './cognito-db'
import { mintTokens, noDb, type SignInContext } from './shim-challenges'
import { errorReply, type Reply } from './shim-handlers'
import { ExpiringHandles } from './shim-sessions'
import { passwordFactor } from './shim-user-auth-password'
import { emailOtpFactor, smsOtpFactor } from './shim-user-auth-otp'
import { takeAutoSignInSession } from './shim-passwordless-sign-up'
import { allowedFirstFactors } from './shim-sign-in-policy'
import { webAuthnFactor } from './shim-webauthn'

/** A challenge of a USER_AUTH sign-in waiting for its answer. */
export interface UserAuthPending {
  challengeName: string
  /** The user's real username (what RespondToAuthChallenge must name). */
  username: string
  clientId: string
  poolId: string
  /** Whether the user exists (unknown users get normal-looking challenges that never succeed). */
  known: boolean
  /** SELECT_CHALLENGE only: what the user may choose. */
  available: string[]
  /** EMAIL_OTP / SMS_OTP: the issue of the code sent for this challenge (shim-codes.ts). */
  ticket?: string
}

/** What a first factor gets to start one of its challenges. */
export interface FactorStart {
  ctx: SignInContext
  client: DbClient
  user: DbUser | undefined
  /** The user's real username (or the name given, for an unknown user). */
  userId: string
  challenge: string
  /** AuthParameters of InitiateAuth, or ChallengeResponses of SELECT_CHALLENGE. */
  params: Record<string, unknown>
  req: any
}

export interface FirstFactor {
  /** The challenge names it answers to (PASSWORD: PASSWORD and PASSWORD_SRP). */
  challengeNames: string[]
  /**
   * Whether the user can use it, given that the pool allows it (AvailableChallenges). An unknown
   * user (undefined) is offered what any user could be, as with Cognito's PreventUserExistenceErrors.
   */
  offers(ctx: SignInContext, user: DbUser | undefined): boolean | Promise<boolean>
  start(start: FactorStart): Promise<Reply>
  /** RespondToAuthChallenge for a challenge this factor issued with issueUserAuthChallenge(). */
  respond?(ctx: SignInContext, pending: UserAuthPending, req: any): Promise<Reply>
}

// Cognito's AuthFactorType → the factor. WEB_AUTHN: passkeys add their entry here.
export const FIRST_FACTORS: Record<string, FirstFactor> = {
  PASSWORD: passwordFactor,
  EMAIL_OTP: emailOtpFactor,
  SMS_OTP: smsOtpFactor,
  WEB_AUTHN: webAuthnFactor,
}

const pendingByShim = new WeakMap<SignInContext, ExpiringHandles<UserAuthPending>>()
/** This shim's USER_AUTH sessions (one store per shim). */
export function userAuthSessions(ctx: SignInContext): ExpiringHandles<UserAuthPending> {
  let store = pendingByShim.get(ctx)
  if (!store) pendingByShim.set(ctx, store = new ExpiringHandles())
  return store
}

/** Issues a USER_AUTH challenge: a fresh session for it, and Cognito's answer. */
export function issueUserAuthChallenge(ctx: SignInContext, pending: Omit<UserAuthPending, 'available'> & { available?: string[] }, body: Record<string, unknown> = {}): Reply {
  const Session = userAuthSessions(ctx).issue({ available: [], ...pending })
  return { status: 200, body: { ChallengeName: pending.challengeName, Session, ChallengeParameters: { USERNAME: pending.username }, ...body } }
}

/** The challenges this user may choose from, in Cognito's order. */
async function availableChallenges(ctx: SignInContext, user: DbUser | undefined, poolId: string): Promise<string[]> {
  const available: string[] = []
  for (const factor of await allowedFirstFactors(ctx, poolId)) {
    const handler = FIRST_FACTORS[factor]
    if (handler && await handler.offers(ctx, user)) available.push(...handler.challengeNames)
  }
  return available
}

const factorOf = (challenge: string) => Object.values(FIRST_FACTORS).find(f => f.challengeNames.includes(challenge))

/** Starts `challenge` if the user may use it; undefined when not. */
async function startChallenge(start: Omit<FactorStart, 'challenge'>, challenge: string, available: string[]): Promise<Reply | undefined> {
  const factor = available.includes(challenge) ? factorOf(challenge) : undefined
  return factor ? await factor.start({ ...start, challenge }) : undefined
}

export async function initiateUserAuth(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const client = await ctx.db.client(req?.ClientId)
  if (!client) return errorReply('ResourceNotFoundException', 'User pool client does not exist.')
  if (!clientAllowsUserAuth(client)) return errorReply('InvalidParameterException', 'USER_AUTH flow not enabled for this client')
  const params = req.AuthParameters ?? {}
  const username = params.USERNAME
  if (typeof username !== 'string' || username === '') return errorReply('InvalidParameterException', 'Missing required parameter USERNAME')
  const user = await ctx.db.user(client.UserPoolId, username)
  if (req.Session !== undefined) {
    // Sign-in right after a confirmed sign-up: the session ConfirmSignUp answered, for this user and client, once.
    const signedUp = takeAutoSignInSession(ctx, req.Session, user?.UserStatus === 'CONFIRMED')
    if (!signedUp || signedUp.clientId !== client.ClientId || !user || signedUp.username !== user.Username) return errorReply('NotAuthorizedException', 'Invalid session for the user.')
    return await mintTokens(ctx, client.ClientId, user.Username)
  }
  if (user?.Enabled === false) return errorReply('NotAuthorizedException', 'User is disabled.')
  if (user && user.UserStatus === 'UNCONFIRMED') return errorReply('UserNotConfirmedException', 'User is not confirmed.')
  const available = await availableChallenges(ctx, user, client.UserPoolId)
  const start = { ctx, client, user, userId: user?.Username ?? username, params, req }
  const preferred = params.PREFERRED_CHALLENGE
  if (typeof preferred === 'string') {
    const started = await startChallenge(start, preferred, available)
    if (started) return started
  }
  // No preference, or one this user cannot use here: Cognito lets the user choose.
  return issueUserAuthChallenge(ctx, { challengeName: 'SELECT_CHALLENGE', username: start.userId, clientId: client.ClientId, poolId: client.UserPoolId, known: Boolean(user), available }, { AvailableChallenges: available, ChallengeParameters: {} })
}

/** Whether a RespondToAuthChallenge belongs to a USER_AUTH sign-in (its Session is one of ours). */
export function isUserAuthResponse(ctx: SignInContext, req: any): boolean {
  return userAuthSessions(ctx).peek(req?.Session) !== undefined
}

export async function respondUserAuth(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const sessions = userAuthSessions(ctx)
  const pending = sessions.peek(req?.Session)
  if (pending === 'expired') return errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
  if (!pending || pending.challengeName !== req.ChallengeName || pending.clientId !== req.ClientId || pending.username !== req.ChallengeResponses?.USERNAME) {
    return errorReply('NotAuthorizedException', 'Invalid session for the user.')
  }
  if (pending.challengeName !== 'SELECT_CHALLENGE') {
    const factor = factorOf(pending.challengeName)
    if (!factor?.respond) return errorReply('InvalidParameterException', `Unsupported challenge ${pending.challengeName}`)
    return await factor.respond(ctx, pending, req)
  }
  const answer = req.ChallengeResponses?.ANSWER
  if (typeof answer !== 'string' || !pending.available.includes(answer)) {
    return errorReply('InvalidParameterException', `The challenge ${String(answer)} is not available for this user.`)
  }
  sessions.spend(req.Session)
  const client = await ctx.db.client(pending.clientId)
  const user = await ctx.db.user(pending.poolId, pending.username)
  if (!client) return errorReply('ResourceNotFoundException', 'User pool client does not exist.')
  const started = await startChallenge({ ctx, client, user, userId: pending.username, params: req.ChallengeResponses, req }, answer, pending.available)
  return started ?? errorReply('InvalidParameterException', `The challenge ${answer} is not available for this user.`)
}

// Not in Cognito's default flows (a client created without ExplicitAuthFlows): it must be listed.
const clientAllowsUserAuth = (client: DbClient) => Boolean(client.ExplicitAuthFlows?.includes('ALLOW_USER_AUTH'))
