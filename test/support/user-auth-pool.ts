// A user pool for choice-based sign-in (USER_AUTH) in the run's emulator: its allowed first factors
// (Cognito's Policies.SignInPolicy.AllowedFirstAuthFactors) and an app client that allows
// ALLOW_USER_AUTH (or the flows a test gives). The shim reads both from the emulator's state
// (shim-sign-in-policy.ts, shim-user-auth.ts).
import { randomBytes } from 'node:crypto'
import { CreateUserPoolClientCommand, CreateUserPoolCommand, type ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider'
import { adminClient, createUser, DEFAULT_PASSWORD } from './stack'
import type { StackData, StackUser } from './stack-data'

export type FirstFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN'
export const USER_AUTH_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']

export interface UserAuthPoolOptions {
  /** Default: every factor but WEB_AUTHN. */
  factors?: FirstFactor[]
  /** The app client's ExplicitAuthFlows (default USER_AUTH_FLOWS). */
  clientFlows?: ExplicitAuthFlowsType[]
}

/** A new pool and client as StackData (same emulator and shim as `stack`), no users yet. */
export async function userAuthPool(stack: StackData, options: UserAuthPoolOptions = {}): Promise<StackData> {
  const admin = adminClient(stack)
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({
      PoolName: `user-auth-${randomBytes(3).toString('hex')}`,
      AutoVerifiedAttributes: ['email'],
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: options.factors ?? ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } },
    }))
    const userPoolId = UserPool!.Id!
    const client = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: options.clientFlows ?? USER_AUTH_FLOWS }))
    const clientId = client.UserPoolClient!.ClientId!
    return { ...stack, userPoolId, clientId, shortClientId: clientId, issuer: `${stack.issuerDomain}/${userPoolId}`, jwksUrl: `${stack.endpoint}/${userPoolId}/.well-known/jwks.json`, users: [] }
  }
  finally {
    admin.destroy()
  }
}

/** A confirmed user with a password, a verified e-mail and (optional) a verified phone number. */
export async function userAuthUser(pool: StackData, prefix: string, phone?: string): Promise<StackUser> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`
  const extra: Record<string, string> = phone ? { phone_number: phone, phone_number_verified: 'true' } : {}
  return await createUser(pool, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD }, extra)
}
