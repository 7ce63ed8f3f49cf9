import { AdminInitiateAuthCommand, AssociateSoftwareTokenCommand, SetUserMFAPreferenceCommand, VerifySoftwareTokenCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { poolAppEnv, type SessionMode, sessionModeSwitch } from './support/session-mode-app'
import { loadStack, type StackUser } from './support/stack-data'
import { adminClient } from './support/stack'
import { MFA_PHONE as PHONE, poolWithShimMfa, userWithContacts } from './support/mfa-pools'
import { browserCookieHeader, launchBrowser } from './support/browser'
import { usernameFromMe } from './support/api-me'
import { authenticatorForm, expectServerSession, fill, formButton, openAuthenticator, outcome, shownFirst, submitSignIn } from './support/authenticator-page'
import { codeLogMark, expireShimCodes, waitForCode } from './support/codes'
import { totp } from './support/totp'

// Amplify UI's <authenticator> as is, in both session modes, in a pool that requires MFA with SMS,
// e-mail and TOTP allowed (configured through the shim, which sends SMS_MFA and EMAIL_OTP codes as
// Cognito does: test/support/shim-mfa-codes.ts): the SMS code, the e-mail code, the choice among
// SMS / TOTP / EMAIL, and the MFA set-up choice with the e-mail set-up. With server sessions each
// step goes to the module's routes; with browser sessions Amplify in the page talks to the shim.
// Oracles: the codes as delivered (test/support/codes.ts), the server's /api/me, the cookies.
const stack = loadStack()
const pool = await poolWithShimMfa(stack, 'ON', { sms: true, email: true, totp: true })
const poolEnv = (session: SessionMode) => poolAppEnv(stack, pool, session)
await setup(fixtureSetup('pages', poolEnv('server')))
const browser = await launchBrowser()
afterAll(() => browser.close())
const serverIn = sessionModeSwitch(poolEnv)

const newUser = (prefix: string, contact: { email?: boolean, phone?: boolean }) => userWithContacts({ ...stack, ...pool }, prefix, contact)

/** SMS, TOTP and e-mail MFA all on, none preferred (TOTP set up with the emulator's own calls, the preference through the shim). */
async function enableAllFactors(user: StackUser): Promise<string> {
  const admin = adminClient(stack)
  const viaShim = adminClient({ cognitoUrl: stack.endpoint })
  try {
    const { AuthenticationResult } = await admin.send(new AdminInitiateAuthCommand({ UserPoolId: pool.userPoolId, ClientId: pool.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.username, PASSWORD: user.password } }))
    const AccessToken = AuthenticationResult!.AccessToken!
    const { SecretCode } = await admin.send(new AssociateSoftwareTokenCommand({ AccessToken }))
    await admin.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!) }))
    await viaShim.send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } }))
    return SecretCode!
  }
  finally {
    admin.destroy()
    viaShim.destroy()
  }
}

async function enterCode(page: Page, code: string): Promise<void> {
  await fill(page, 'confirmation_code', code)
  await formButton(page, 'Confirm').click()
}

/** The Authenticator's error alert after a refused answer. */
async function refusal(page: Page): Promise<string> {
  const alert = page.locator('[data-amplify-authenticator] .amplify-alert')
  await shownFirst(page, alert)
  return (await alert.first().textContent())!.trim()
}

// A wrong code as each side words it: the routes', Cognito's, and Amplify UI's translation of Cognito's.
const WRONG_CODE = /Invalid (verification )?code|verification code you entered is incorrect/

/** Whether the server sees a signed-in user for this browser. */
async function outcomeIsSignedIn(context: BrowserContext): Promise<boolean> {
  return await usernameFromMe(await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, url('/')) } })) !== null
}

const pick = (page: Page, type: string) => authenticatorForm(page).locator('label').filter({ has: page.locator(`input[name=mfa_type][value=${type}]`) }).click()

describe.each(['server', 'browser'] as const)('Amplify UI\'s Authenticator, MFA codes, %s sessions', (mode) => {
  async function expectSignedIn(context: BrowserContext, page: Page, username: string): Promise<void> {
    expect(await outcome(page)).toBe(`Signed in as ${username}.`)
    expect(await page.locator('#session-mode').textContent()).toBe(mode)
    if (mode === 'server') return await expectServerSession(context, username)
    const me = await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, url('/')) } })
    expect(await usernameFromMe(me)).toBe(username)
  }

  async function signInAs(user: StackUser) {
    await serverIn(mode)
    const context = await browser.newContext()
    const page = await openAuthenticator(context)
    const mark = codeLogMark(stack)
    await submitSignIn(page, user.username, user.password)
    return { context, page, mark }
  }

  it('SMS code: another user\'s code is refused, the code sent to the phone signs in', async () => {
    const [user, other] = [await newUser('sms', { phone: true }), await newUser('sms-other', { phone: true })]
    const theirs = await signInAs(other)
    await shownFirst(theirs.page, theirs.page.getByText('Confirm SMS Code'))
    const theirCode = await waitForCode(stack, other.username, { after: theirs.mark, medium: 'SMS' })
    await theirs.context.close()

    const { context, page, mark } = await signInAs(user)
    await shownFirst(page, page.getByText('Confirm SMS Code'))
    const code = await waitForCode(stack, user.username, { after: mark, medium: 'SMS', destination: PHONE })
    if (theirCode !== code) {
      await enterCode(page, theirCode)
      expect(await refusal(page)).toMatch(WRONG_CODE)
    }
    await enterCode(page, code)
    await expectSignedIn(context, page, user.username)
    await context.close()
  })

  it('e-mail code: signs in once; the same code again and an expired code are refused', async () => {
    const user = await newUser('email', { email: true })
    const first = await signInAs(user)
    await shownFirst(first.page, first.page.getByText('Confirm Email Code'))
    const code = await waitForCode(stack, user.username, { after: first.mark, medium: 'EMAIL', destination: user.email })
    await enterCode(first.page, code)
    await expectSignedIn(first.context, first.page, user.username)
    await first.context.close()

    const again = await signInAs(user)
    await shownFirst(again.page, again.page.getByText('Confirm Email Code'))
    const fresh = await waitForCode(stack, user.username, { after: again.mark, medium: 'EMAIL' })
    if (fresh !== code) {
      await enterCode(again.page, code)
      expect(await refusal(again.page)).toMatch(WRONG_CODE)
    }
    expect(await expireShimCodes(stack, user.username)).toBe(1)
    await enterCode(again.page, fresh)
    // Amplify UI words Cognito's "session is expired" its own way, in both modes (the routes pass Cognito's message on).
    expect(await refusal(again.page)).toMatch(/code has expired/)
    expect(await outcomeIsSignedIn(again.context)).toBe(false)
    await again.context.close()
  })

  it('MFA choice among SMS, TOTP and EMAIL: the user picks EMAIL, then its code signs in', async () => {
    const user = await newUser('choice', { email: true, phone: true })
    await enableAllFactors(user)
    const { context, page, mark } = await signInAs(user)
    await shownFirst(page, page.locator('input[name=mfa_type][value=EMAIL]'))
    expect(await authenticatorForm(page).locator('input[name=mfa_type]').evaluateAll(inputs => inputs.map(i => (i as HTMLInputElement).value))).toEqual(['SMS', 'TOTP', 'EMAIL'])
    await pick(page, 'EMAIL')
    await formButton(page, 'Confirm').click()
    await shownFirst(page, page.getByText('Confirm Email Code'))
    await enterCode(page, await waitForCode(stack, user.username, { after: mark, medium: 'EMAIL' }))
    await expectSignedIn(context, page, user.username)
    await context.close()
  })

  it('MFA set-up choice, then e-mail set-up: the address given gets the code, which signs in', async () => {
    const user = await newUser('setup', {})
    const { context, page, mark } = await signInAs(user)
    await shownFirst(page, page.locator('input[name=mfa_type][value=EMAIL]'))
    await pick(page, 'EMAIL')
    await formButton(page, 'Confirm').click()
    await shownFirst(page, authenticatorForm(page).locator('input[name=email]'))
    const address = `${user.username}@example.org`
    await fill(page, 'email', address)
    await formButton(page, 'Confirm').click()
    await shownFirst(page, page.getByText('Confirm Email Code'))
    await enterCode(page, await waitForCode(stack, user.username, { after: mark, medium: 'EMAIL', destination: address }))
    await expectSignedIn(context, page, user.username)
    await context.close()
  })
})
