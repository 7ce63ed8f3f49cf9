import { randomBytes } from 'node:crypto'
import { AdminCreateUserCommand, AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack } from './support/stack-data'
import { adminClient, createUser, DEFAULT_PASSWORD } from './support/stack'
import { codeLogMark, waitForCode } from './support/codes'
import { browserCookieHeader, launchBrowser, openPage } from './support/browser'
import { serverSessionEnv, tokenCookies } from './support/script-visible'

// Amplify UI's <authenticator> as is (no `services` prop) on the playground's /authenticator, with
// server sessions: each step it shows must reach the module's routes, including those it answers
// with aws-amplify/auth functions of its own (a new password, the auto sign-in after a sign-up),
// which the module routes there (src/amplify-ui-seam.ts). Oracles: the emulator's admin API and
// code log, the server's /api/me, the browser's cookies. The MFA steps: authenticator-mfa.test.ts.
await setup(fixtureSetup('pages', serverSessionEnv()))
const stack = loadStack()
const browser = await launchBrowser()
afterAll(() => browser.close())

const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`
const NEW_PASSWORD = 'N3w!password'

async function openAuthenticator(context: BrowserContext, query = ''): Promise<Page> {
  const { page } = await openPage(context)
  await page.goto(url(`/authenticator${query}`))
  return page
}
const form = (page: Page) => page.locator('[data-amplify-authenticator] form')
const button = (page: Page, name: string) => form(page).getByRole('button', { name, exact: true })

async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await form(page).locator('input[name=username]').fill(username)
  await form(page).locator('input[name=password]').fill(password)
  await button(page, 'Sign in').click()
}

/** Waits until the Authenticator shows its signed-in slot, or its error message, and returns which. */
async function outcome(page: Page): Promise<string> {
  const shown = page.locator('#authenticator-user, [data-amplify-authenticator] .amplify-alert')
  await shown.first().waitFor({ timeout: 20_000 })
  return (await shown.first().textContent())!.trim()
}

const serverSeesUser = async (context: BrowserContext) =>
  ((await (await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, url('/')) } })).json()) as { user: { username: string } | null }).user?.username ?? null

async function userStatus(username: string): Promise<string | undefined> {
  const admin = adminClient(stack)
  try {
    return (await admin.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: username }))).UserStatus
  }
  finally {
    admin.destroy()
  }
}

async function adminCreatedUser(temporaryPassword: string): Promise<string> {
  const username = uniqueName('temp')
  const admin = adminClient(stack)
  try {
    await admin.send(new AdminCreateUserCommand({ UserPoolId: stack.userPoolId, Username: username, TemporaryPassword: temporaryPassword, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }))
  }
  finally {
    admin.destroy()
  }
  return username
}

async function expectServerSession(context: BrowserContext, username: string): Promise<void> {
  const secrets = await tokenCookies(context, url('/'))
  expect(secrets.some(c => c.name.endsWith('.refreshToken'))).toBe(true)
  expect(secrets.filter(c => !c.httpOnly)).toEqual([])
  expect(await serverSeesUser(context)).toBe(username)
}

describe.each([
  ['as is', ''],
  ['with useAmplifyAuthenticatorServices()', '?services'],
])('Amplify UI\'s Authenticator with server sessions (%s)', (_, query) => {
  it('new password: an admin-created user changes the temporary password and is signed in', async () => {
    const username = await adminCreatedUser('Temp0rary!pass')
    const context = await browser.newContext()
    const page = await openAuthenticator(context, query)
    await submitSignIn(page, username, 'Temp0rary!pass')
    await form(page).getByRole('heading', { name: 'Change Password' }).waitFor()
    await form(page).locator('input[name=password]').fill(NEW_PASSWORD)
    await form(page).locator('input[name=confirm_password]').fill(NEW_PASSWORD)
    await button(page, 'Change Password').click()
    expect(await outcome(page)).toBe(`Signed in as ${username}.`)
    expect(await userStatus(username)).toBe('CONFIRMED')
    await expectServerSession(context, username)
    await context.close()
  })

  it('sign-up, confirmation code, then signed in without asking the password again (auto sign-in)', async () => {
    const username = uniqueName('joiner')
    const context = await browser.newContext()
    const page = await openAuthenticator(context, query)
    await page.getByRole('tab', { name: 'Create Account' }).click()
    await form(page).locator('input[name=username]').fill(username)
    await form(page).locator('input[name=email]').fill(`${username}@example.com`)
    await form(page).locator('input[name=password]').fill(DEFAULT_PASSWORD)
    await form(page).locator('input[name=confirm_password]').fill(DEFAULT_PASSWORD)
    const mark = codeLogMark(stack)
    await button(page, 'Create Account').click()
    const code = await waitForCode(stack, username, { after: mark })
    await form(page).locator('input[name=confirmation_code]').fill(code)
    await button(page, 'Confirm').click()
    expect(await outcome(page)).toBe(`Signed in as ${username}.`)
    expect(await userStatus(username)).toBe('CONFIRMED')
    await expectServerSession(context, username)
    await context.close()
  })

  it('sign-in of a user who never confirmed: the code (sent again) confirms and signs in', async () => {
    const username = uniqueName('unconfirmed')
    const admin = adminClient(stack)
    try {
      await admin.send(new SignUpCommand({ ClientId: stack.clientId, Username: username, Password: DEFAULT_PASSWORD, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }))
    }
    finally {
      admin.destroy()
    }
    const context = await browser.newContext()
    const page = await openAuthenticator(context, query)
    const mark = codeLogMark(stack)
    await submitSignIn(page, username, DEFAULT_PASSWORD)
    const code = await waitForCode(stack, username, { after: mark })
    await form(page).locator('input[name=confirmation_code]').fill(code)
    await button(page, 'Confirm').click()
    expect(await outcome(page)).toBe(`Signed in as ${username}.`)
    expect(await userStatus(username)).toBe('CONFIRMED')
    await expectServerSession(context, username)
    await context.close()
  })

  it('password reset: code and new password, then the new password signs in', async () => {
    const name = uniqueName('forgot')
    const user = await createUser(stack, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD })
    const context = await browser.newContext()
    const page = await openAuthenticator(context, query)
    await page.getByRole('button', { name: 'Forgot your password?' }).click()
    await form(page).locator('input[name=username]').fill(user.username)
    const mark = codeLogMark(stack)
    await button(page, 'Send code').click()
    const code = await waitForCode(stack, user.username, { after: mark })
    await form(page).locator('input[name=confirmation_code]').fill(code)
    await form(page).locator('input[name=password]').fill(NEW_PASSWORD)
    await form(page).locator('input[name=confirm_password]').fill(NEW_PASSWORD)
    await button(page, 'Submit').click()
    await button(page, 'Sign in').waitFor()
    await submitSignIn(page, user.username, NEW_PASSWORD)
    expect(await outcome(page)).toBe(`Signed in as ${user.username}.`)
    await expectServerSession(context, user.username)
    await context.close()
  })
})
