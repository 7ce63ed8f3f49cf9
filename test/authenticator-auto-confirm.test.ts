import { randomBytes } from 'node:crypto'
import { AdminGetUserCommand, CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, url } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { poolAppEnv, type SessionMode, sessionModeSwitch } from './support/session-mode-app'
import { loadStack } from './support/stack-data'
import { adminClient, DEFAULT_PASSWORD } from './support/stack'
import { browserCookieHeader, launchBrowser } from './support/browser'
import { usernameFromMe } from './support/api-me'
import { expectServerSession, fill, formButton, openAuthenticator, outcome } from './support/authenticator-page'
import { deliveredCodes, codeLogMark } from './support/codes'
import { AUTO_CONFIRM_FUNCTION } from './support/shim-pre-sign-up'

// A sign-up that Cognito confirms at once (a pre-sign-up trigger's autoConfirmUser; the shim stands in
// for that trigger: test/support/shim-pre-sign-up.ts) with the Authenticator, which signs up with
// autoSignIn: Amplify answers COMPLETE_AUTO_SIGN_IN and its autoSignIn() signs the user in. With
// browser sessions that is Amplify's own code (the oracle); with server sessions the module's sign-up
// route must sign in too. No code is sent, the user is CONFIRMED, the server sees the user.
const stack = loadStack()
const pool = await autoConfirmingPool()
const poolEnv = (session: SessionMode) => poolAppEnv(stack, pool, session)
await setup(fixtureSetup('pages', poolEnv('server')))
const browser = await launchBrowser()
afterAll(() => browser.close())
const serverIn = sessionModeSwitch(poolEnv)

async function autoConfirmingPool(): Promise<{ userPoolId: string, clientId: string }> {
  const admin = adminClient(stack)
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: `auto-confirm-${randomBytes(3).toString('hex')}`, AutoVerifiedAttributes: ['email'], LambdaConfig: { PreSignUp: AUTO_CONFIRM_FUNCTION } }))
    const client = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    return { userPoolId: UserPool!.Id!, clientId: client.UserPoolClient!.ClientId! }
  }
  finally {
    admin.destroy()
  }
}

async function statusAtCognito(username: string): Promise<string | undefined> {
  const admin = adminClient(stack)
  try {
    return (await admin.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }))).UserStatus
  }
  finally {
    admin.destroy()
  }
}

describe.each(['browser', 'server'] as const)('Authenticator sign-up confirmed at once by Cognito, %s sessions', (mode) => {
  it('signs the new user in (COMPLETE_AUTO_SIGN_IN, then autoSignIn), no code asked', async () => {
    await serverIn(mode)
    const username = `instant-${randomBytes(4).toString('hex')}`
    const context = await browser.newContext()
    const page = await openAuthenticator(context)
    await page.getByRole('tab', { name: 'Create Account' }).click()
    await fill(page, 'username', username)
    await fill(page, 'email', `${username}@example.com`)
    await fill(page, 'password', DEFAULT_PASSWORD)
    await fill(page, 'confirm_password', DEFAULT_PASSWORD)
    const mark = codeLogMark(stack)
    await formButton(page, 'Create Account').click()
    expect(await outcome(page)).toBe(`Signed in as ${username}.`)
    expect(await page.locator('#session-mode').textContent()).toBe(mode)
    expect(await statusAtCognito(username)).toBe('CONFIRMED')
    expect(deliveredCodes(stack, mark).filter(entry => entry.username === username)).toEqual([])
    if (mode === 'server') await expectServerSession(context, username)
    else expect(await usernameFromMe(await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, url('/')) } }))).toBe(username)
    await context.close()
  })
})
