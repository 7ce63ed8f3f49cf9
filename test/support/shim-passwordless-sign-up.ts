// Passwordless sign-up and the sign-in that follows it, as Cognito does them:
// - SignUp without Password is accepted when the pool allows a first factor other than PASSWORD
//   (shim-sign-in-policy.ts); otherwise InvalidParameterException. cognito-local needs a password to
//   issue tokens later (mintTokens), so the user gets a random one nobody knows, and the shim
//   remembers that the user has no password of their own: PASSWORD/PASSWORD_SRP are then never
//   offered (shim-user-auth-password.ts).
// - SignUp answers a `Session` (every sign-up, as Cognito does). ConfirmSignUp given that Session
//   (same user, same client, once) answers a new one, and InitiateAuth USER_AUTH with that one signs
//   the user in without another factor, once (Amplify's autoSignIn after signUp with USER_AUTH).
// - Confirming the sign-up verifies the address the code went to (the pool's AutoVerifiedAttributes:
//   e-mail first, as cognito-local sends it): Cognito sets email_verified / phone_number_verified,
//   cognito-local does not, and a passwordless user then could not get an e-mail code.
import { randomBytes } from 'node:crypto'
import { noDb, type SignInContext } from './shim-challenges'
import type { DbUser } from './cognito-db'
import { errorReply, type Reply } from './shim-handlers'
import { ExpiringHandles } from './shim-sessions'
import { confirmSignUp, signUp } from './shim-accounts'
import { allowedFirstFactors } from './shim-sign-in-policy'

interface SignedUp { username: string, clientId: string }
interface State {
  signUps: ExpiringHandles<SignedUp>
  autoSignIns: ExpiringHandles<SignedUp>
  /** `sub`s of users signed up without a password (bounded like the sessions). */
  noPassword: Set<string>
}
const MAX_PASSWORDLESS_USERS = 10_000
const states = new WeakMap<SignInContext, State>()
function state(ctx: SignInContext): State {
  let s = states.get(ctx)
  if (!s) states.set(ctx, s = { signUps: new ExpiringHandles(), autoSignIns: new ExpiringHandles(), noPassword: new Set() })
  return s
}
const subOf = (user: DbUser) => user.Attributes?.find(a => a.Name === 'sub')?.Value

/** Whether the user signed up without a password (their stored one is the shim's secret). */
export function hasNoPassword(ctx: SignInContext, user: DbUser): boolean {
  const sub = subOf(user)
  return sub !== undefined && state(ctx).noPassword.has(sub)
}

export async function signUpWithSession(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const client = await ctx.db.client(req?.ClientId)
  if (!client) return errorReply('ResourceNotFoundException', 'User pool client does not exist.')
  const passwordless = req?.Password === undefined
  let res: Reply
  if (passwordless) {
    if (typeof req.Username !== 'string' || req.Username === '') return errorReply('InvalidParameterException', 'Missing required parameter Username')
    const factors = await allowedFirstFactors(ctx, client.UserPoolId)
    if (!factors.some(factor => factor !== 'PASSWORD')) return errorReply('InvalidParameterException', 'Password is required: this user pool allows no passwordless sign-in.')
    res = await signUp(ctx, { ...req, Password: `${randomBytes(24).toString('base64url')}aA1!` })
  }
  else {
    res = await signUp(ctx, req)
  }
  if (res.status >= 300) return res
  const user = await ctx.db.user(client.UserPoolId, req.Username)
  if (!user) return res
  const s = state(ctx)
  if (passwordless) {
    if (s.noPassword.size >= MAX_PASSWORDLESS_USERS) s.noPassword.delete(s.noPassword.values().next().value!)
    s.noPassword.add(subOf(user)!)
  }
  return { status: res.status, body: { ...(res.body as object), Session: s.signUps.issue({ username: user.Username, clientId: client.ClientId }) } }
}

export async function confirmSignUpWithSession(ctx: SignInContext, req: any): Promise<Reply> {
  const res = await confirmSignUp(ctx, req)
  if (res.status >= 300 || !ctx.db) return res
  const client = await ctx.db.client(req.ClientId)
  const user = client && await ctx.db.user(client.UserPoolId, req.Username)
  if (user) await verifyDeliveryAttribute(ctx, client!.UserPoolId, user)
  if (req.Session === undefined) return res
  const s = state(ctx)
  const signedUp = s.signUps.peek(req.Session)
  s.signUps.spend(req.Session)
  if (!signedUp || signedUp === 'expired' || !user || signedUp.clientId !== req.ClientId || signedUp.username !== user.Username) return res
  return { status: res.status, body: { ...(res.body as object), Session: s.autoSignIns.issue({ username: user.Username, clientId: signedUp.clientId }) } }
}

async function verifyDeliveryAttribute(ctx: SignInContext, poolId: string, user: DbUser): Promise<void> {
  const auto = ((await ctx.db!.poolOptions(poolId)) as { AutoVerifiedAttributes?: string[] } | undefined)?.AutoVerifiedAttributes ?? []
  const has = (name: string) => user.Attributes?.some(a => a.Name === name && a.Value)
  if (user.Attributes?.some(a => a.Name.endsWith('_verified') && a.Value === 'true')) return
  const attribute = auto.includes('email') && has('email') ? 'email' : auto.includes('phone_number') && has('phone_number') ? 'phone_number' : undefined
  if (!attribute) return
  // (cognito-local wants the attribute itself alongside its _verified flag)
  const value = user.Attributes!.find(a => a.Name === attribute)!.Value
  await ctx.call('AdminUpdateUserAttributes', { UserPoolId: poolId, Username: user.Username, UserAttributes: [{ Name: attribute, Value: value }, { Name: `${attribute}_verified`, Value: 'true' }] })
}

/**
 * The user a ConfirmSignUp session signs in, used up (undefined: unknown, expired or used). For a user
 * confirmed at sign-up (a pre-sign-up trigger's autoConfirmUser), SignUp's own Session does it.
 */
export function takeAutoSignInSession(ctx: SignInContext, session: unknown, confirmedAtSignUp = false): SignedUp | undefined {
  const s = state(ctx)
  let signedUp = s.autoSignIns.peek(session)
  s.autoSignIns.spend(session)
  if (!signedUp && confirmedAtSignUp) {
    signedUp = s.signUps.peek(session)
    s.signUps.spend(session)
  }
  return signedUp && signedUp !== 'expired' ? signedUp : undefined
}
