// A pre-sign-up Lambda trigger that confirms every sign-up (autoConfirmUser), stood in for by the
// shim: cognito-local runs triggers only from its own start-up configuration, never from a pool's
// LambdaConfig. A pool created with LambdaConfig.PreSignUp = AUTO_CONFIRM_FUNCTION gets what such a
// trigger gives in Cognito: SignUp answers UserConfirmed: true, the user is CONFIRMED at once, and no
// confirmation code is sent (so the shim creates the user with AdminCreateUser, messages suppressed,
// and a permanent password, instead of cognito-local's SignUp, which always sends one).
import type { SignInContext } from './shim-challenges'
import type { Reply } from './shim-handlers'

export const AUTO_CONFIRM_FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:shim-auto-confirm'

/** SignUp for a pool with the auto-confirming trigger; undefined for every other pool. */
export async function autoConfirmedSignUp(ctx: SignInContext, req: any): Promise<Reply | undefined> {
  const client = await ctx.db?.client(req?.ClientId)
  const options = client && await ctx.db!.poolOptions(client.UserPoolId)
  if (options?.LambdaConfig?.PreSignUp !== AUTO_CONFIRM_FUNCTION) return undefined
  const created = await ctx.call('AdminCreateUser', { UserPoolId: client!.UserPoolId, Username: req.Username, UserAttributes: req.UserAttributes, MessageAction: 'SUPPRESS', TemporaryPassword: req.Password })
  if (created.status >= 300) return created
  const set = await ctx.call('AdminSetUserPassword', { UserPoolId: client!.UserPoolId, Username: req.Username, Password: req.Password, Permanent: true })
  if (set.status >= 300) return set
  const sub = (created.body as any)?.User?.Attributes?.find((a: { Name: string }) => a.Name === 'sub')?.Value
  return { status: 200, body: { UserConfirmed: true, UserSub: sub } }
}
