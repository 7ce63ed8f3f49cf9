import { randomBytes } from 'node:crypto'
import { AdminCreateUserCommand, AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, describe, expect, it } from 'vitest'
import { setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack } from './support/stack-data'
import { adminClient, createUser, DEFAULT_PASSWORD } from './support/stack'
import { type CodeLogMark, codeLogMark, waitForCode } from './support/codes'
import { launchBrowser } from './support/browser'
import type { BrowserContext, Page } from 'playwright-core'
import { serverSessionEnv } from './support/script-visible'
import { expectServerSession, fill, formButton, openAuthenticator, outcome, shownFirst, submitSignIn, VERIFY_CONTACT } from './support/authenticator-page'

// Amplify UI's <authenticator> on the playground's /authenticator with server sessions, as is and with
// the `services` prop of useAmplifyAuthenticatorServices(): each step it shows must reach the module's
// routes, including those it answers with aws-amplify/auth functions of its own (the new password,
// the auto sign-in after a sign-up), which the module points at the routes (src/amplify-ui-seam.ts).
// Oracles: the emulator's admin API and code log, the server's /api/me, the browser's cookies.
// Sign-in and sign-out: authenticator.test.ts; the MFA steps: authenticator-mfa.test.ts.
// (Cognito timeout 30 s: the emulator on a machine shared with parallel builds can take longer than
// the 5 s default, and the outage answer is not under test here.)
await setup(fixtureSetup('pages', { ...serverSessionEnv(), NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: '30000' }))
const stack = loadStack()
const browser = await launchBrowser()
afterAll(() => browser.close())

const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`
const NEW_PASSWORD = 'N3w!password'

async function adminUser(username: string) {
  const admin = adminClient(stack)
  try {
    const user = await admin.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: username }))
    return { status: user.UserStatus, emailVerified: user.UserAttributes?.find(a => a.Name === 'email_verified')?.Value }
  }
  finally {
    admin.destroy()
  }
}

/** A user an admin created with a temporary password (FORCE_CHANGE_PASSWORD, e-mail not verified). */
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

/** The confirmation code sent after `mark` confirms the account, and the Authenticator signs the user in with a server session. */
async function confirmAndExpectSignedIn(context: BrowserContext, page: Page, username: string, mark: CodeLogMark): Promise<void> {
  const code = await waitForCode(stack, username, { after: mark })
  await fill(page, 'confirmation_code', code)
  await formButton(page, 'Confirm').click()
  expect(await outcome(page)).toBe(`Signed in as ${username}.`)
  expect((await adminUser(username)).status).toBe('CONFIRMED')
  await expectServerSession(context, username)
  await context.close()
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
    await shownFirst(page, page.getByRole('heading', { name: 'Change Password' }))
    await fill(page, 'password', NEW_PASSWORD)
    await fill(page, 'confirm_password', NEW_PASSWORD)
    await formButton(page, 'Change Password').click()
    expect(await outcome(page)).toBe(`Signed in as ${username}.`)
    expect((await adminUser(username)).status).toBe('CONFIRMED')
    await expectServerSession(context, username)
    await context.close()
  })

  it('sign-up, confirmation code, then signed in without asking the password again (auto sign-in)', async () => {
    const username = uniqueName('joiner')
    const context = await browser.newContext()
    const page = await openAuthenticator(context, query)
    await page.getByRole('tab', { name: 'Create Account' }).click()
    await fill(page, 'username', username)
    await fill(page, 'email', `${username}@example.com`)
    await fill(page, 'password', DEFAULT_PASSWORD)
    await fill(page, 'confirm_password', DEFAULT_PASSWORD)
    const mark = codeLogMark(stack)
    await formButton(page, 'Create Account').click()
    await confirmAndExpectSignedIn(context, page, username, mark)
  })

  it('sign-in of a user who never confirmed: the code (sent again) confirms and signs in', async () => {
    const username = uniqueName('unconfirmed')
    const signedUp = codeLogMark(stack)
    const admin = adminClient(stack)
    try {
      await admin.send(new SignUpCommand({ ClientId: stack.clientId, Username: username, Password: DEFAULT_PASSWORD, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }))
    }
    finally {
      admin.destroy()
    }
    // The sign-up's own code is in the log before the mark (it can be held back: see codes.ts).
    await waitForCode(stack, username, { after: signedUp })
    const context = await browser.newContext()
    const page = await openAuthenticator(context, query)
    const mark = codeLogMark(stack)
    await submitSignIn(page, username, DEFAULT_PASSWORD)
    await confirmAndExpectSignedIn(context, page, username, mark)
  })

  it('password reset: code and new password, then the new password signs in', async () => {
    const name = uniqueName('forgot')
    const user = await createUser(stack, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD })
    const context = await browser.newContext()
    const page = await openAuthenticator(context, query)
    await page.getByRole('button', { name: 'Forgot your password?' }).click()
    await fill(page, 'username', user.username)
    const mark = codeLogMark(stack)
    await formButton(page, 'Send code').click()
    const code = await waitForCode(stack, user.username, { after: mark })
    await fill(page, 'confirmation_code', code)
    await fill(page, 'password', NEW_PASSWORD)
    await fill(page, 'confirm_password', NEW_PASSWORD)
    await formButton(page, 'Submit').click()
    await formButton(page, 'Sign in').waitFor()
    await submitSignIn(page, user.username, NEW_PASSWORD)
    expect(await outcome(page)).toBe(`Signed in as ${user.username}.`)
    await expectServerSession(context, user.username)
    await context.close()
  })
})

describe('Amplify UI\'s Authenticator with server sessions: contact verification', () => {
  // Its own calls with the user's access token (sendUserAttributeVerificationCode,
  // confirmUserAttribute), which the browser's Amplify gets from the server's session route.
  it('after the new password, the e-mail is verified with the code sent to it', async () => {
    const username = await adminCreatedUser('Temp0rary!pass')
    const context = await browser.newContext()
    const page = await openAuthenticator(context)
    await submitSignIn(page, username, 'Temp0rary!pass')
    await fill(page, 'password', NEW_PASSWORD)
    await fill(page, 'confirm_password', NEW_PASSWORD)
    await formButton(page, 'Change Password').click()
    await shownFirst(page, page.getByText(VERIFY_CONTACT))
    await page.locator('[data-amplify-authenticator] label').filter({ hasText: 'Email' }).click()
    const mark = codeLogMark(stack)
    await formButton(page, 'Verify').click()
    const code = await waitForCode(stack, username, { after: mark })
    await fill(page, 'confirmation_code', code)
    await formButton(page, 'Submit').click()
    await shownFirst(page, page.locator('#authenticator-user'))
    expect(await page.locator('#authenticator-user').textContent()).toContain(`Signed in as ${username}.`)
    expect(await adminUser(username)).toEqual({ status: 'CONFIRMED', emailVerified: 'true' })
    await expectServerSession(context, username)
    await context.close()
  })
})
