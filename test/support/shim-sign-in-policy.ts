// A pool's sign-in policy as Cognito keeps it: Policies.SignInPolicy.AllowedFirstAuthFactors
// (PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN), set with CreateUserPool/UpdateUserPool. cognito-local
// stores the Policies it is given without reading them (cognito-db.ts), so the shim reads them there.
import type { SignInContext } from './shim-challenges'

/** The pool's allowed first factors (Cognito's default when none are set: PASSWORD only). */
export async function allowedFirstFactors(ctx: SignInContext, poolId: string): Promise<string[]> {
  const options = await ctx.db!.poolOptions(poolId) as { Policies?: { SignInPolicy?: { AllowedFirstAuthFactors?: unknown } } } | undefined
  const factors = options?.Policies?.SignInPolicy?.AllowedFirstAuthFactors
  return Array.isArray(factors) ? factors.filter((f): f is string => typeof f === 'string') : ['PASSWORD']
}
