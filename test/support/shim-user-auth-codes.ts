// The one-time codes of USER_AUTH's EMAIL_OTP / SMS_OTP first factors, kept by the shim's shared
// code store (shim-codes.ts). This file only binds a USER_AUTH challenge to it.
import type { SignInContext } from './shim-challenges'

export interface OtpDelivery { poolId: string, username: string, session: string, medium: 'EMAIL' | 'SMS', destination: string }

export async function sendOtpCode(_ctx: SignInContext, _delivery: OtpDelivery): Promise<void> {
  throw new Error('cognito shim: the one-time code store (shim-codes.ts) is not merged yet')
}

export async function checkOtpCode(_ctx: SignInContext, _attempt: { poolId: string, username: string, session: string, code: string }): Promise<boolean> {
  return false
}
