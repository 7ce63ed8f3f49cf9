// Passwordless sign-in and sign-up with server sessions in Chromium: the module's useAmplifyAuth()
// (the playground's /amplify-probe) and Amplify UI's <authenticator> (/authenticator), against a pool
// allowing e-mail codes (test/support/user-auth-pool.ts) whose Amplify config says so
// (`passwordless: { emailOtpEnabled, preferredChallenge: 'EMAIL_OTP' }`, as amplify_outputs.json
// carries it). Oracles: the shim's code log, the server's /api/me and SSR page, the browser's cookies.
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, startServer, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack } from './support/stack-data'
import { browserCookieHeader, launchBrowser, openPage } from './support/browser'
import { serverSessionEnv } from './support/script-visible'
import { codeLogMark, waitForCode } from './support/codes'
import { userAuthPool, userAuthUser } from './support/user-auth-pool'
import { authenticatorForm, expectBrowserSession, expectServerSession, fill, formButton, openAuthenticator, outcome, shownFirst } from './support/authenticator-page'

const stack = loadStack()
const pool = await userAuthPool(stack)
const passwordless = { emailOtpEnabled: true, preferredChallenge: 'EMAIL_OTP' }
await setup(fixtureSetup('pages', {
  ...serverSessionEnv(),
  NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: '30000',
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, passwordless } } }),
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
}))
const browser = await launchBrowser()
afterAll(() => browser.close())

type Outcome = { ok: any } | { error: string, message: string }
const moduleAuth = (page: Page, name: string, input?: unknown) =>
  page.evaluate(([n, i]) => (window as any).amplifyProbe.moduleAuth(n, i), [name, input] as const) as Promise<Outcome>
const hubEvents = (page: Page) => page.evaluate(() => (window as unknown as { hubAuthEvents: string[] }).hubAuthEvents)

async function probePage(context: Awaited<ReturnType<typeof browser.newContext>>): Promise<Page> {
  const { page } = await openPage(context)
  await page.goto(url('/amplify-probe'))
  await page.locator('#probe-ready').waitFor()
  return page
}

describe('useAmplifyAuth() with server sessions: passwordless', () => {
  it('signIn with USER_AUTH takes the configured EMAIL_OTP, confirmSignIn takes the code: HttpOnly session, Hub signedIn, SSR signed in', async () => {
    const user = await userAuthUser(pool, 'probe-otp')
    const context = await browser.newContext()
    const page = await probePage(context)
    const mark = codeLogMark(pool)
    expect(await moduleAuth(page, 'signIn', { username: user.username, options: { authFlowType: 'USER_AUTH' } }))
      .toEqual({ ok: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: expect.stringContaining('***@') } } } })
    const code = await waitForCode(pool, user.username, { after: mark, medium: 'EMAIL' })
    expect(await moduleAuth(page, 'confirmSignIn', { challengeResponse: code })).toEqual({ ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })
    expect(await hubEvents(page)).toContain('signedIn')
    await expectServerSession(context, user.username)
    const cookie = await browserCookieHeader(context, url('/'))
    expect(await (await fetch('/account', { headers: { cookie } })).text()).toContain(user.username)
    await context.close()
  })

  it('signUp without a password, confirmSignUp, autoSignIn: signed in with a server session', async () => {
    const username = `probe-up-${randomBytes(4).toString('hex')}`
    const context = await browser.newContext()
    const page = await probePage(context)
    const mark = codeLogMark(pool)
    expect(await moduleAuth(page, 'signUp', { username, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: { authFlowType: 'USER_AUTH' } } }))
      .toMatchObject({ ok: { isSignUpComplete: false, nextStep: { signUpStep: 'CONFIRM_SIGN_UP' } } })
    const code = await waitForCode(pool, username, { after: mark })
    expect(await moduleAuth(page, 'confirmSignUp', { username, confirmationCode: code })).toEqual({ ok: { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } } })
    expect(await moduleAuth(page, 'autoSignIn')).toEqual({ ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })
    expect(await hubEvents(page)).toContain('signedIn')
    await expectServerSession(context, username)
    await context.close()
  }, 180_000)
})

/** The Authenticator with EMAIL_OTP preferred, in the app's `mode`: no password field, the username, then the e-mail code. */
async function signInWithEmailCode(context: BrowserContext, username: string, mode: 'server' | 'browser'): Promise<void> {
  const page = await openAuthenticator(context)
  await shownFirst(page, authenticatorForm(page).locator('input[name=username]'))
  expect(await page.locator('#session-mode').textContent()).toBe(mode)
  expect(await authenticatorForm(page).locator('input[name=password]').count()).toBe(0)
  await fill(page, 'username', username)
  const mark = codeLogMark(pool)
  await formButton(page, 'Sign in').click()
  const code = await waitForCode(pool, username, { after: mark, medium: 'EMAIL' })
  await shownFirst(page, authenticatorForm(page).locator('input[name=confirmation_code]'))
  await fill(page, 'confirmation_code', code)
  await formButton(page, 'Confirm').click()
  expect(await outcome(page)).toBe(`Signed in as ${username}.`)
}

describe('Amplify UI\'s Authenticator with server sessions: passwordless', () => {
  it('sign-in asks for the username only, then the e-mail code, and signs in', async () => {
    const user = await userAuthUser(pool, 'ui-otp')
    const context = await browser.newContext()
    await signInWithEmailCode(context, user.username, 'server')
    await expectServerSession(context, user.username)
    await context.close()
  })

  // The Vue sign-up form has no factor choice, so the machine takes PASSWORD as the chosen method
  // (@aws-amplify/ui 6.15: selectedAuthMethod = __authMethod || 'PASSWORD') and sends signUp with the
  // empty password left out (a passwordless account) and a password auto sign-in: no auto sign-in.
  // The route confirms the account and answers DONE; the user then signs in with an e-mail code.
  it('sign-up without a password: the code confirms the account; the user then signs in with an e-mail code', async () => {
    const username = `ui-up-${randomBytes(4).toString('hex')}`
    const context = await browser.newContext()
    const page = await openAuthenticator(context)
    await page.getByRole('tab', { name: 'Create Account' }).click()
    await fill(page, 'username', username)
    await fill(page, 'email', `${username}@example.com`)
    const mark = codeLogMark(pool)
    await formButton(page, 'Create Account').click()
    await fill(page, 'confirmation_code', await waitForCode(pool, username, { after: mark }))
    await formButton(page, 'Confirm').click()
    await shownFirst(page, formButton(page, 'Sign in'))
    expect(await authenticatorForm(page).locator('input[name=password]').count()).toBe(0)
    await fill(page, 'username', username)
    const signInMark = codeLogMark(pool)
    await formButton(page, 'Sign in').click()
    const code = await waitForCode(pool, username, { after: signInMark, medium: 'EMAIL' })
    await fill(page, 'confirmation_code', code)
    await formButton(page, 'Confirm').click()
    expect(await outcome(page)).toBe(`Signed in as ${username}.`)
    await expectServerSession(context, username)
    await context.close()
  }, 180_000)
})

// The same app in browser sessions (the default, restarted without `session: 'server'`): the
// Authenticator calls Amplify itself, and the tokens land in the module's script-readable cookie storage.
describe('Amplify UI\'s Authenticator with browser sessions: passwordless', () => {
  it('sign-in asks for the username only, then the e-mail code, and signs in (cookies scripts can read)', async () => {
    await startServer({ env: { NUXT_PUBLIC_AMPLIFY_SESSION: 'browser' } })
    const user = await userAuthUser(pool, 'ui-otp-browser')
    const context = await browser.newContext()
    await signInWithEmailCode(context, user.username, 'browser')
    await expectBrowserSession(context, user.username)
    await context.close()
  })
})
