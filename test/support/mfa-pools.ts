// Pools whose MFA is configured through the shim (SetUserPoolMfaConfig, so the shim sends SMS_MFA
// and EMAIL_OTP codes as Cognito does: shim-mfa-codes.ts), and users with or without the contact
// attributes those codes go to. Created in the run's emulator, each test file its own.
import { randomBytes } from 'node:crypto'
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { adminClient, DEFAULT_PASSWORD } from './stack'
import type { StackData, StackUser } from './stack-data'

export const MFA_PHONE = '+15555550100'
export interface MfaFactors { sms?: boolean, email?: boolean, totp?: boolean }

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`

/** A new pool (one app client) with MFA `mode` and the given factors, configured through the shim. */
export async function poolWithShimMfa(stack: StackData, mode: 'ON' | 'OPTIONAL', factors: MfaFactors): Promise<StackData> {
  const admin = adminClient(stack)
  const viaShim = adminClient({ cognitoUrl: stack.endpoint })
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: uniqueName(`mfa-codes-${mode}`), AutoVerifiedAttributes: ['email'] }))
    const userPoolId = UserPool!.Id!
    const client = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    await viaShim.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: userPoolId,
      MfaConfiguration: mode,
      ...(factors.sms && { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}' } }),
      ...(factors.email && { EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Your code' } }),
      SoftwareTokenMfaConfiguration: { Enabled: !!factors.totp },
    }))
    const clientId = client.UserPoolClient!.ClientId!
    return { ...stack, userPoolId, clientId, shortClientId: clientId, issuer: `${stack.issuerDomain}/${userPoolId}`, users: [] }
  }
  finally {
    admin.destroy()
    viaShim.destroy()
  }
}

/** A confirmed user with a permanent password and only the contact attributes asked for (e-mail `<username>@example.com`, phone MFA_PHONE). */
export async function userWithContacts(pool: Pick<StackData, 'cognitoUrl' | 'userPoolId'>, prefix: string, contact: { email?: boolean, phone?: boolean }): Promise<StackUser> {
  const username = uniqueName(prefix)
  const email = `${username}@example.com`
  const attributes = [{ Name: 'name', Value: username }, ...(contact.email ? [{ Name: 'email', Value: email }] : []), ...(contact.phone ? [{ Name: 'phone_number', Value: MFA_PHONE }] : [])]
  const admin = adminClient(pool)
  try {
    await admin.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: username, MessageAction: 'SUPPRESS', TemporaryPassword: `${DEFAULT_PASSWORD}-tmp`, UserAttributes: attributes }))
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: username, Password: DEFAULT_PASSWORD, Permanent: true }))
  }
  finally {
    admin.destroy()
  }
  return { username, email, name: username, password: DEFAULT_PASSWORD }
}
