// CUSTOM_AUTH, which cognito-local 5.3.0 lacks: the custom authentication flow driven by the pool's
// Define/Create/Verify auth challenge Lambda triggers (the functions of custom-auth-triggers.ts that
// the pool's LambdaConfig names), as Amplify's CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP use it:
//   InitiateAuth { AuthFlow: CUSTOM_AUTH, AuthParameters: { USERNAME, [SRP_A, CHALLENGE_NAME: SRP_A] } }
//     -> Define (session [] or [SRP_A ✓]) -> PASSWORD_VERIFIER (SRP, checked as shim-srp.ts does)
//        or CUSTOM_CHALLENGE (Create: its publicChallengeParameters + USERNAME are the ChallengeParameters)
//   RespondToAuthChallenge { ChallengeName: CUSTOM_CHALLENGE, Session, ChallengeResponses: { USERNAME, ANSWER } }
//     -> Verify (answerCorrect) -> Define with the session grown by { challengeName, challengeResult,
//        challengeMetadata } -> next challenge, tokens (issueTokens) or NotAuthorizedException
//        (failAuthentication): the Define trigger decides, as in Cognito.
// Every step's Session is a new opaque handle (shim-sessions.ts): bound to user, app client and
// challenge, single-use (used up by the first answer, right or wrong), 3 minutes. `ClientMetadata` of
// each call reaches the triggers that call runs. A wrong password ends the sign-in at once (Cognito
// runs Define again only "if the password verification succeeds"). A trigger that throws gives
// UserLambdaValidationException "<Trigger> failed with error <message>.".
import { randomBytes } from 'node:crypto'
import { expectedSignature, parseClientA, serverEphemeral, sessionKey, signatureMatches, verifier } from './srp-math'
import { type ChallengeResult, type Trigger, triggerOf } from './custom-auth-triggers'
import { runTrigger, stringMap } from './shim-trigger-calls'
import { incorrectPassword, mintTokens, noDb, type SignInContext } from './shim-challenges'
import { errorReply, type Reply } from './shim-handlers'
import { ExpiringHandles } from './shim-sessions'

type Pending
  = | { challengeName: 'CUSTOM_CHALLENGE', privateChallengeParameters: Record<string, string>, challengeMetadata?: string }
    | { challengeName: 'PASSWORD_VERIFIER', secretBlock: string, A: bigint, B: bigint, b: bigint, v: bigint }
interface CustomAuthState {
  poolId: string
  clientId: string
  /** The user's username (or the name asked for, when no such user exists). */
  username: string
  known: boolean
  userAttributes: Record<string, string>
  triggers: { define: Trigger, create?: Trigger, verify?: Trigger }
  /** The ChallengeResult list the triggers see as `request.session`. */
  results: ChallengeResult[]
  srpA?: bigint
  pending?: Pending
}

/** Challenges in one sign-in at most: the shim's own bound on a session list (memory). */
const MAX_CHALLENGES = 20
// getNowString.mjs: "Tue Dec 1 15:04:05 UTC 2026" (as shim-srp.ts checks it).
const TIMESTAMP = /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?:[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/
const invalidSession = () => errorReply('NotAuthorizedException', 'Invalid session for the user.')
const badLambda = () => errorReply('InvalidLambdaResponseException', 'Unrecognizable lambda output')
const poolName = (poolId: string) => poolId.split('_')[1] ?? ''

const sessionsOf = new WeakMap<SignInContext, ExpiringHandles<CustomAuthState>>()
function sessions(ctx: SignInContext): ExpiringHandles<CustomAuthState> {
  if (!sessionsOf.has(ctx)) sessionsOf.set(ctx, new ExpiringHandles())
  return sessionsOf.get(ctx)!
}

/** Whether a RespondToAuthChallenge belongs to a custom sign-in (its PASSWORD_VERIFIER included). */
export function isCustomAuthResponse(ctx: SignInContext, req: any): boolean {
  return req?.ChallengeName === 'CUSTOM_CHALLENGE' || (req?.ChallengeName === 'PASSWORD_VERIFIER' && sessions(ctx).peek(req?.Session) !== undefined)
}

export async function initiateCustomAuth(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const client = await ctx.db.client(req?.ClientId)
  if (!client) return errorReply('ResourceNotFoundException', 'User pool client does not exist.')
  const flows = client.ExplicitAuthFlows ?? []
  if (flows.length && !flows.includes('ALLOW_CUSTOM_AUTH') && !flows.includes('CUSTOM_AUTH_FLOW_ONLY')) {
    return errorReply('InvalidParameterException', 'CUSTOM_AUTH flow not enabled for this client')
  }
  const lambdas = ((await ctx.db.poolOptions(client.UserPoolId)) as { LambdaConfig?: Record<string, unknown> } | undefined)?.LambdaConfig ?? {}
  const define = triggerOf(lambdas.DefineAuthChallenge)
  if (!define) return errorReply('InvalidParameterException', 'Custom auth lambda trigger is not configured for the user pool.')
  const username = req.AuthParameters?.USERNAME
  if (typeof username !== 'string' || username === '') return errorReply('InvalidParameterException', 'Missing required parameter USERNAME')
  // The password comes first only when asked for by name (Cognito: "Parameters must include
  // CHALLENGE_NAME: SRP_A, and values for SRP_A and USERNAME"); SRP_A alone starts the custom challenges.
  const withSrp = req.AuthParameters?.CHALLENGE_NAME === 'SRP_A'
  const srpA = withSrp ? parseClientA(req.AuthParameters.SRP_A) : undefined
  if (withSrp && srpA === undefined) return errorReply('InvalidParameterException', 'SRP_A must be a non-zero hex number modulo N.')

  const user = await ctx.db.user(client.UserPoolId, username)
  if (user && user.Enabled === false) return errorReply('NotAuthorizedException', 'User is disabled.')
  if (user?.UserStatus === 'UNCONFIRMED') return errorReply('UserNotConfirmedException', 'User is not confirmed.')
  const state: CustomAuthState = {
    poolId: client.UserPoolId,
    clientId: client.ClientId,
    username: user?.Username ?? username,
    known: Boolean(user),
    userAttributes: Object.fromEntries((user?.Attributes ?? []).map(({ Name, Value }) => [Name, Value])),
    triggers: { define, create: triggerOf(lambdas.CreateAuthChallenge), verify: triggerOf(lambdas.VerifyAuthChallengeResponse) },
    results: withSrp ? [{ challengeName: 'SRP_A', challengeResult: true }] : [],
    srpA,
  }
  return await nextStep(ctx, state, req.ClientMetadata, user?.Password)
}

export async function respondCustomAuth(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const answer = req.ChallengeResponses ?? {}
  if (req.ChallengeName === 'CUSTOM_CHALLENGE' && typeof answer.ANSWER !== 'string') return errorReply('InvalidParameterException', 'Missing required parameter ANSWER')
  const found = sessions(ctx).peek(req.Session)
  if (found === 'expired') return errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
  if (!found) return invalidSession()
  sessions(ctx).spend(req.Session) // single-use, whatever the answer
  const state: CustomAuthState = { ...found, results: [...found.results] }
  const pending = state.pending
  if (!pending || pending.challengeName !== req.ChallengeName || state.clientId !== req.ClientId || answer.USERNAME !== state.username) return invalidSession()

  if (pending.challengeName === 'PASSWORD_VERIFIER') {
    if (typeof answer.TIMESTAMP !== 'string' || !TIMESTAMP.test(answer.TIMESTAMP)) return errorReply('InvalidParameterException', 'TIMESTAMP format is invalid.')
    if (answer.PASSWORD_CLAIM_SECRET_BLOCK !== pending.secretBlock) return incorrectPassword()
    const key = sessionKey(pending.A, pending.B, pending.b, pending.v)
    const expected = expectedSignature(key, poolName(state.poolId), state.username, pending.secretBlock, answer.TIMESTAMP)
    if (!state.known || !signatureMatches(expected, answer.PASSWORD_CLAIM_SIGNATURE)) return incorrectPassword()
    state.results.push({ challengeName: 'PASSWORD_VERIFIER', challengeResult: true })
  }
  else {
    if (!state.triggers.verify) return errorReply('InvalidParameterException', 'Verify auth challenge lambda trigger is not configured for the user pool.')
    const verifiedCall = await runTrigger(state, 'VerifyAuthChallengeResponse', state.triggers.verify, {
      userAttributes: state.userAttributes,
      privateChallengeParameters: pending.privateChallengeParameters,
      challengeAnswer: answer.ANSWER,
      clientMetadata: req.ClientMetadata,
      userNotFound: !state.known,
    }, { answerCorrect: null })
    if (verifiedCall.failed) return verifiedCall.failed
    const verified = verifiedCall.response
    state.results.push({ challengeName: 'CUSTOM_CHALLENGE', challengeResult: verified.answerCorrect === true, challengeMetadata: pending.challengeMetadata })
  }
  return await nextStep(ctx, state, req.ClientMetadata)
}

/** Asks Define what comes next, and carries it out. */
async function nextStep(ctx: SignInContext, state: CustomAuthState, clientMetadata: unknown, password?: string): Promise<Reply> {
  if (state.results.length > MAX_CHALLENGES) return incorrectPassword()
  const decisionCall = await runTrigger(state, 'DefineAuthChallenge', state.triggers.define, {
    userAttributes: state.userAttributes,
    session: state.results,
    clientMetadata,
    userNotFound: !state.known,
  }, { challengeName: null, issueTokens: null, failAuthentication: null })
  if (decisionCall.failed) return decisionCall.failed
  const decision = decisionCall.response
  if (decision.failAuthentication === true) return incorrectPassword()
  if (decision.issueTokens === true) return state.known ? await mintTokens(ctx, state.clientId, state.username) : incorrectPassword()
  if (decision.challengeName === 'PASSWORD_VERIFIER' && state.srpA !== undefined && state.results.at(-1)?.challengeName === 'SRP_A') {
    return await passwordVerifier(ctx, state, password)
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE') return badLambda()
  if (!state.triggers.create) return errorReply('InvalidParameterException', 'Create auth challenge lambda trigger is not configured for the user pool.')
  const createdCall = await runTrigger(state, 'CreateAuthChallenge', state.triggers.create, {
    userAttributes: state.userAttributes,
    challengeName: 'CUSTOM_CHALLENGE',
    session: state.results,
    clientMetadata,
    userNotFound: !state.known,
  }, { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null })
  if (createdCall.failed) return createdCall.failed
  const created = createdCall.response
  const publicParameters = stringMap(created.publicChallengeParameters)
  const privateParameters = stringMap(created.privateChallengeParameters)
  if (!publicParameters || !privateParameters) return badLambda()
  const challengeMetadata = typeof created.challengeMetadata === 'string' ? created.challengeMetadata : undefined
  const Session = sessions(ctx).issue({ ...state, pending: { challengeName: 'CUSTOM_CHALLENGE', privateChallengeParameters: privateParameters, challengeMetadata } })
  return { status: 200, body: { ChallengeName: 'CUSTOM_CHALLENGE', Session, ChallengeParameters: { ...publicParameters, USERNAME: state.username } } }
}

/** The SRP step inside a custom sign-in: the same parameters as USER_SRP_AUTH's (shim-srp.ts), plus a Session. */
async function passwordVerifier(ctx: SignInContext, state: CustomAuthState, password: string | undefined): Promise<Reply> {
  if (password === undefined && state.known) password = (await ctx.db!.user(state.poolId, state.username))?.Password
  const salt = randomBytes(16).toString('hex')
  // An unknown user (or one without a password) gets a verifier no password matches.
  const v = verifier(poolName(state.poolId), state.username, password ?? randomBytes(32).toString('hex'), salt)
  const { b, B } = serverEphemeral(v)
  const secretBlock = randomBytes(256).toString('base64')
  const Session = sessions(ctx).issue({ ...state, known: state.known && password !== undefined, pending: { challengeName: 'PASSWORD_VERIFIER', secretBlock, A: state.srpA!, B, b, v } })
  return {
    status: 200,
    body: {
      ChallengeName: 'PASSWORD_VERIFIER',
      Session,
      ChallengeParameters: { SALT: salt, SECRET_BLOCK: secretBlock, SRP_B: B.toString(16), USERNAME: state.username, USER_ID_FOR_SRP: state.username },
    },
  }
}
