import { randomBytes } from 'node:crypto'
import {
  AdminInitiateAuthCommand, AssociateSoftwareTokenCommand, CreateUserPoolClientCommand, CreateUserPoolCommand,
  SetUserMFAPreferenceCommand, VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, describe, expect, it } from 'vitest'
import { setup } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, type StackUser } from './support/stack-data'
import { adminClient, createUser, DEFAULT_PASSWORD } from './support/stack'
import { launchBrowser } from './support/browser'
import { serverSessionEnv } from './support/script-visible'
import { authenticatorForm, expectServerSession, fill, formButton, openAuthenticator, outcome, shownFirst, submitSignIn, totpSetupSecret } from './support/authenticator-page'
import { totp } from './support/totp'

// Amplify UI's <authenticator> as is, with server sessions, in a pool that requires MFA (its own
// pool in the emulator, given to the pages build at run time): TOTP set-up inside the sign-in, the
// TOTP code, and the choice between MFA types. The Authenticator answers each through its
// confirm-sign-in state. Oracles: a real RFC 6238 authenticator (test/support/totp.ts), the emulator,
// the server's /api/me and the browser's cookies.
// (This pool's MFA is the emulator's own. The SMS and e-mail codes, the choice among SMS / TOTP /
// EMAIL and the e-mail set-up, which the shim issues for pools configured through it:
// authenticator-mfa-codes.test.ts.)
const stack = loadStack()
const pool = await poolRequiringMfa()
await setup(fixtureSetup('pages', {
  ...serverSessionEnv(),
  // (The emulator on a shared machine can take longer than the 5 s default; outages are tested elsewhere.)
  NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: '30000',
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: `${stack.issuerDomain}/${pool.userPoolId}`,
}))
const browser = await launchBrowser()
afterAll(() => browser.close())

async function poolRequiringMfa(): Promise<{ userPoolId: string, clientId: string }> {
  const admin = adminClient(stack)
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: `authenticator-mfa-${randomBytes(3).toString('hex')}`, MfaConfiguration: 'ON', AutoVerifiedAttributes: ['email'] }))
    const client = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    return { userPoolId: UserPool!.Id!, clientId: client.UserPoolClient!.ClientId! }
  }
  finally {
    admin.destroy()
  }
}

async function newUser(prefix: string): Promise<StackUser> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`
  return await createUser({ ...stack, userPoolId: pool.userPoolId }, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD }, { phone_number: '+15555550100' })
}
// The set-up takes the current 30-second step's code, the sign-in the next step's (the emulator's
// sign-in accepts ±1 step): never the same code twice, as Cognito requires.
const setupCode = (secret: string) => totp(secret)
const signInCode = (secret: string) => totp(secret, Date.now() + 30_000)

async function signInWithAuthenticator(context: BrowserContext, user: StackUser): Promise<Page> {
  const page = await openAuthenticator(context)
  await submitSignIn(page, user.username, user.password)
  return page
}

async function enterCode(page: Page, code: string): Promise<void> {
  await fill(page, 'confirmation_code', code)
  await formButton(page, 'Confirm').click()
}

/** TOTP and SMS both enabled, set up with the emulator's own APIs (not through the module). */
async function enableTotpAndSms(user: StackUser): Promise<string> {
  const admin = adminClient(stack)
  try {
    const { AuthenticationResult } = await admin.send(new AdminInitiateAuthCommand({ UserPoolId: pool.userPoolId, ClientId: pool.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.username, PASSWORD: user.password } }))
    const AccessToken = AuthenticationResult!.AccessToken!
    const { SecretCode } = await admin.send(new AssociateSoftwareTokenCommand({ AccessToken }))
    await admin.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: setupCode(SecretCode!) }))
    await admin.send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true } }))
    return SecretCode!
  }
  finally {
    admin.destroy()
  }
}

describe('Amplify UI\'s Authenticator with server sessions, MFA required', () => {
  it('TOTP set-up at the first sign-in, the TOTP code at the next one', async () => {
    const user = await newUser('totp')
    const first = await browser.newContext()
    const page = await signInWithAuthenticator(first, user)
    await shownFirst(page, page.getByRole('heading', { name: 'Setup TOTP' }))
    const secret = await totpSetupSecret(page)
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/)
    await enterCode(page, setupCode(secret))
    expect(await outcome(page)).toBe(`Signed in as ${user.username}.`)
    await expectServerSession(first, user.username)
    await first.close()

    const second = await browser.newContext()
    const again = await signInWithAuthenticator(second, user)
    await enterCode(again, signInCode(secret))
    expect(await outcome(again)).toBe(`Signed in as ${user.username}.`)
    await expectServerSession(second, user.username)
    await second.close()
  })

  it('MFA choice: the user picks TOTP, then its code signs in', async () => {
    const user = await newUser('choice')
    const secret = await enableTotpAndSms(user)
    const context = await browser.newContext()
    const page = await signInWithAuthenticator(context, user)
    // (Amplify UI's radio input is visually hidden: a user clicks its label.)
    await authenticatorForm(page).locator('label').filter({ has: page.locator('input[name=mfa_type][value=TOTP]') }).click()
    await formButton(page, 'Confirm').click()
    await enterCode(page, signInCode(secret))
    expect(await outcome(page)).toBe(`Signed in as ${user.username}.`)
    await expectServerSession(context, user.username)
    await context.close()
  })
})
