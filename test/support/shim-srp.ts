// USER_SRP_AUTH, which cognito-local 5.3.0 lacks ("InitAuth with AuthFlow=USER_SRP_AUTH" is
// unsupported there): Amplify's default sign-in flow and what Gen2 app clients allow out of
// the box. The shim plays Cognito's side of the protocol (srp-math.ts):
//   InitiateAuth { AuthFlow: USER_SRP_AUTH, AuthParameters: { USERNAME, SRP_A } }
//     -> { ChallengeName: PASSWORD_VERIFIER, ChallengeParameters: { SALT, SRP_B, SECRET_BLOCK,
//          USER_ID_FOR_SRP, USERNAME } }
//   RespondToAuthChallenge { ChallengeName: PASSWORD_VERIFIER, ChallengeResponses: { USERNAME,
//     PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE, TIMESTAMP } }
//     -> tokens, or the next challenge (NEW_PASSWORD_REQUIRED, MFA...), or an error.
// The verifier is computed per attempt from the password cognito-local stores (cognito-db.ts)
// and a fresh salt. Once the signature checks out, the rest (user status, MFA, tokens) is
// cognito-local's USER_PASSWORD_AUTH with that password (passwordSignIn), so SRP and password
// sign-ins end the same way. As with Cognito's PreventUserExistenceErrors (the default of new
// app clients), an unknown user gets a normal-looking challenge and fails at the verifier.
// The SECRET_BLOCK is an opaque random handle to the server state: it must be the one issued
// to this client for this user, is used up by the first answer (right or wrong) and expires
// after 3 minutes.
import { randomBytes } from 'node:crypto'
import { expectedSignature, parseClientA, serverEphemeral, sessionKey, signatureMatches, verifier } from './srp-math'
import { clientAllows, incorrectPassword, noDb, passwordSignIn, type SignInContext } from './shim-challenges'
import { errorReply, type Reply } from './shim-handlers'

// getNowString.mjs: "Tue Dec 1 15:04:05 UTC 2026" (day of month not padded).
const TIMESTAMP = /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?:[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/

const poolName = (poolId: string) => poolId.split('_')[1] ?? ''

/** `viaUserAuth`: PASSWORD_SRP chosen in a USER_AUTH sign-in (shim-user-auth.ts), which checked the client's flows. */
export async function initiateSrpAuth(ctx: SignInContext, req: any, viaUserAuth = false): Promise<Reply> {
  if (!ctx.db) return noDb()
  const client = await ctx.db.client(req?.ClientId)
  if (!client) return errorReply('ResourceNotFoundException', 'User pool client does not exist.')
  if (!viaUserAuth && !clientAllows(client.ExplicitAuthFlows, 'USER_SRP_AUTH')) {
    return errorReply('InvalidParameterException', 'USER_SRP_AUTH is not enabled for the client.')
  }
  const username = req.AuthParameters?.USERNAME
  if (typeof username !== 'string' || username === '') return errorReply('InvalidParameterException', 'Missing required parameter USERNAME')
  const A = parseClientA(req.AuthParameters?.SRP_A)
  if (A === undefined) return errorReply('InvalidParameterException', 'SRP_A must be a non-zero hex number modulo N.')

  const user = await ctx.db.user(client.UserPoolId, username)
  const userId = user?.Username ?? username
  const salt = randomBytes(16).toString('hex')
  const v = verifier(poolName(client.UserPoolId), userId, user?.Password ?? randomBytes(32).toString('hex'), salt)
  const { b, B } = serverEphemeral(v)
  const secretBlock = ctx.srp.issue({ userId, known: Boolean(user?.Password), poolId: client.UserPoolId, clientId: client.ClientId, A, B, b, v }, 256)
  return {
    status: 200,
    body: {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { SALT: salt, SECRET_BLOCK: secretBlock, SRP_B: B.toString(16), USERNAME: userId, USER_ID_FOR_SRP: userId },
    },
  }
}

export async function respondPasswordVerifier(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const answer = req?.ChallengeResponses ?? {}
  const secretBlock = answer.PASSWORD_CLAIM_SECRET_BLOCK
  const state = ctx.srp.peek(secretBlock)
  if (state === 'expired') return errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
  if (!state) return incorrectPassword()
  ctx.srp.spend(secretBlock)
  if (state.clientId !== req.ClientId || answer.USERNAME !== state.userId) return incorrectPassword()
  if (typeof answer.TIMESTAMP !== 'string' || !TIMESTAMP.test(answer.TIMESTAMP)) return errorReply('InvalidParameterException', 'TIMESTAMP format is invalid.')

  const key = sessionKey(state.A, state.B, state.b, state.v)
  const expected = expectedSignature(key, poolName(state.poolId), state.userId, secretBlock, answer.TIMESTAMP)
  if (!state.known || !signatureMatches(expected, answer.PASSWORD_CLAIM_SIGNATURE)) return incorrectPassword()

  // Proven: the client knows the stored password. cognito-local does the rest with it.
  const user = await ctx.db.user(state.poolId, state.userId)
  if (!user?.Password) return incorrectPassword()
  return await passwordSignIn(ctx, {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: req.ClientId,
    AuthParameters: { USERNAME: state.userId, PASSWORD: user.Password },
    ClientMetadata: req.ClientMetadata,
  }, true)
}
