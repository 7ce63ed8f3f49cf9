// Test set-up for remembered devices (test/support/shim-devices.ts): a pool that tracks devices and
// a user with TOTP MFA, so that "MFA skipped" can be told from "MFA asked".
import { randomBytes } from 'node:crypto'
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { setUpTOTP, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth'
import { adminClient, createUser, DEFAULT_PASSWORD, type StackUser } from './stack'
import type { StackData } from './stack-data'
import { signInSession } from './sign-in'
import { totp } from './totp'

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`

// Amplify names the device it confirms after `navigator` (getDeviceName), which Node 20 lacks; without
// it Amplify's signIn silently skips ConfirmDevice.
if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'vitest (Node)' }, configurable: true })

/**
 * Another pool in the run's emulator with optional MFA and device tracking: "bypass MFA for remembered
 * devices" (ChallengeRequiredOnNewDevice) and devices remembered only when the user says so
 * (DeviceOnlyRememberedOnUserPrompt), Amplify's rememberDevice.
 */
export async function poolWithDevices(stack: StackData): Promise<StackData> {
  const admin = adminClient(stack)
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({
      PoolName: unique('devices'), MfaConfiguration: 'OPTIONAL', AutoVerifiedAttributes: ['email'],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    }))
    const client = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    const clientId = client.UserPoolClient!.ClientId!
    return { ...stack, userPoolId: UserPool!.Id!, clientId, shortClientId: clientId, issuer: `${stack.issuerDomain}/${UserPool!.Id!}`, users: [] }
  }
  finally {
    admin.destroy()
  }
}

/** A new user of `pool` with TOTP MFA preferred, and its TOTP secret. */
export async function userWithTotp(pool: StackData): Promise<{ user: StackUser, secret: string }> {
  const name = unique('dev')
  const user = await createUser(pool, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD })
  const session = await signInSession(pool, user)
  const { sharedSecret: secret } = await setUpTOTP(session.ctx)
  await verifyTOTPSetup(session.ctx, { code: totp(secret) })
  await updateMFAPreference(session.ctx, { totp: 'PREFERRED' })
  return { user, secret }
}
