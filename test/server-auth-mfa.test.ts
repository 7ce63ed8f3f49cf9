import { randomBytes } from 'node:crypto'
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { startBasicServer } from './support/fixture-server'
import { RouteClient } from './support/auth-routes'
import { adminClient, createUser, DEFAULT_PASSWORD } from './support/stack'
import { loadStack, type StackUser } from './support/stack-data'
import { totp } from './support/totp'

// TOTP through the routes: a pool with MFA required (its own pool in the emulator, given to the basic
// build at run time), with a real RFC 6238 authenticator (test/support/totp.ts).
const stack = loadStack()
let server: RunningServer
let pool: { userPoolId: string, clientId: string }

beforeAll(async () => {
  const admin = adminClient(stack)
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: `mfa-routes-${randomBytes(3).toString('hex')}`, MfaConfiguration: 'ON', AutoVerifiedAttributes: ['email'] }))
    const client = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    pool = { userPoolId: UserPool!.Id!, clientId: client.UserPoolClient!.ClientId! }
  }
  finally {
    admin.destroy()
  }
  server = await startBasicServer({
    NUXT_PUBLIC_AMPLIFY_SESSION: 'server',
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: `${stack.issuerDomain}/${pool.userPoolId}`,
  })
}, 120_000)
afterAll(async () => {
  await server?.stop()
})

async function newUser(): Promise<StackUser> {
  const name = `totp-${randomBytes(4).toString('hex')}`
  return await createUser({ ...stack, userPoolId: pool.userPoolId }, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD })
}
// A code two 30-second steps away: wrong whenever the test runs (the emulator accepts ±1 step).
const wrongCode = (secret: string) => totp(secret, Date.now() - 5 * 30_000)

describe('TOTP', () => {
  it('MFA required: TOTP set-up inside the sign-in, then the code is asked at the next sign-in', async () => {
    const user = await newUser()
    const browser = new RouteClient(server.url)
    const first = await browser.post<{ nextStep: { signInStep: string, totpSetupDetails: { sharedSecret: string } } }>('signIn', { username: user.username, password: user.password })
    expect(first.body).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' } })
    const secret = first.body.nextStep.totpSetupDetails.sharedSecret
    expect(secret).toMatch(/^[A-Z2-7]+=*$/)
    const wrong = await browser.post('confirmSignIn', { challengeResponse: wrongCode(secret) })
    expect(wrong.status).toBe(400)
    expect(wrong.body).toMatchObject({ data: { name: 'CodeMismatchException' } })
    expect((await browser.post('confirmSignIn', { challengeResponse: totp(secret) })).body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    expect((await browser.get<{ username: string }>('/api/me')).body.username).toBe(user.username)

    const again = new RouteClient(server.url)
    expect((await again.post('signIn', { username: user.username, password: user.password })).body).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } })
    const refused = await again.post('confirmSignIn', { challengeResponse: wrongCode(secret) })
    expect(refused.body).toMatchObject({ data: { name: 'CodeMismatchException' } })
    expect((await again.post('confirmSignIn', { challengeResponse: totp(secret) })).body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    expect((await again.get<{ username: string }>('/api/me')).body.username).toBe(user.username)
  })
})
