// Sign-up and password reset through the shim. cognito-local 5.3.0 has SignUp, ConfirmSignUp,
// ForgotPassword and ConfirmForgotPassword; the shim adds what it lacks or gets wrong:
// - ResendConfirmationCode does not exist there. A pending code lives in the user's
//   `ConfirmationCode` field, which ForgotPassword refreshes and delivers (to the log, see
//   codes.ts) without touching anything else, so the shim answers ResendConfirmationCode for
//   an UNCONFIRMED user with an upstream ForgotPassword, and refuses confirmed users as Cognito does;
// - ConfirmForgotPassword compares `user.ConfirmationCode !== req.ConfirmationCode`, so with no
//   code pending (undefined) a request WITHOUT a code resets anyone's password: the shim
//   requires a code, as Cognito does (it is a required parameter there);
// - the pool's password policy is not enforced (password-policy.ts);
// - error messages for wrong codes are Cognito's.
import type { SignInContext } from './shim-challenges'
import { noDb } from './shim-challenges'
import { checkNewPassword } from './password-policy'
import { errorReply, type Reply } from './shim-handlers'
import { autoConfirmedSignUp } from './shim-pre-sign-up'

const missing = (name: string) => errorReply('InvalidParameterException', `Missing required parameter ${name}`)
const isCode = (code: unknown) => typeof code === 'string' && /^\S{1,2048}$/.test(code)

/** cognito-local's CodeMismatch/ExpiredCode messages replaced by Cognito's. */
function cognitoCodeErrors(res: Reply): Reply {
  const type = (res.body as any)?.__type
  if (type === 'CodeMismatchException') return errorReply(type, 'Invalid verification code provided, please try again.')
  if (type === 'ExpiredCodeException') return errorReply(type, 'Invalid code provided, please request a code again.')
  return res
}

export async function signUp(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  if (typeof req?.Username !== 'string' || req.Username === '') return missing('Username')
  return await checkNewPassword(ctx.db, req.ClientId, req.Password) ?? await autoConfirmedSignUp(ctx, req) ?? await ctx.call('SignUp', req)
}

export async function confirmSignUp(ctx: SignInContext, req: any): Promise<Reply> {
  if (!isCode(req?.ConfirmationCode)) return missing('ConfirmationCode')
  return cognitoCodeErrors(await ctx.call('ConfirmSignUp', req))
}

export async function resendConfirmationCode(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const client = await ctx.db.client(req?.ClientId)
  if (!client) return errorReply('ResourceNotFoundException', 'User pool client does not exist.')
  const user = await ctx.db.user(client.UserPoolId, req.Username)
  if (!user) return errorReply('UserNotFoundException', 'Username/client id combination not found.')
  if (user.UserStatus !== 'UNCONFIRMED') return errorReply('InvalidParameterException', 'User is already confirmed.')
  return await ctx.call('ForgotPassword', { ClientId: req.ClientId, Username: user.Username, ClientMetadata: req.ClientMetadata })
}

export async function confirmForgotPassword(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  if (!isCode(req?.ConfirmationCode)) return missing('ConfirmationCode')
  return await checkNewPassword(ctx.db, req.ClientId, req.Password) ?? cognitoCodeErrors(await ctx.call('ConfirmForgotPassword', req))
}
