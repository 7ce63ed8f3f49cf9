// A pre-sign-up Lambda trigger that confirms every sign-up (autoConfirmUser), stood in for by the
// shim: cognito-local runs triggers only from its own start-up configuration, never from a pool's
// LambdaConfig. A pool created with LambdaConfig.PreSignUp = AUTO_CONFIRM_FUNCTION gets what such a
// trigger gives in Cognito: SignUp answers UserConfirmed: true, no code is sent, and the user is
// CONFIRMED at once (the shim confirms it upstream with AdminConfirmSignUp).
import type { SignInContext } from './shim-challenges'
import type { Reply } from './shim-handlers'

export const AUTO_CONFIRM_FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:shim-auto-confirm'

/** SignUp's answer, after the stand-in trigger ran for the pool of `req.ClientId`. */
export async function afterPreSignUp(ctx: SignInContext, req: any, res: Reply): Promise<Reply> {
  if (res.status >= 300 || !ctx.db) return res
  const client = await ctx.db.client(req.ClientId)
  const options = client && await ctx.db.poolOptions(client.UserPoolId)
  if (options?.LambdaConfig?.PreSignUp !== AUTO_CONFIRM_FUNCTION) return res
  const confirmed = await ctx.call('AdminConfirmSignUp', { UserPoolId: client!.UserPoolId, Username: req.Username })
  if (confirmed.status >= 300) return confirmed
  const { CodeDeliveryDetails: _sent, ...body } = res.body as Record<string, unknown>
  return { status: res.status, body: { ...body, UserConfirmed: true } }
}
