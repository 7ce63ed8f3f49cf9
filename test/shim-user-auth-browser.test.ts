// Choice-based sign-in (USER_AUTH) with Amplify's own browser build in Chromium against the emulator
// shim (test/support/shim-user-auth.ts): the stand-in answers what Amplify's client sends and reads,
// as shim-srp-browser.test.ts shows for SRP. A factor selection, an e-mail code, PASSWORD_SRP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage } from './support/browser'
import { amplifyResourcesConfig, loadStack, type StackData } from './support/stack-data'
import { type BundledPage, serveBundledPage } from './support/bundled-page'
import { codeLogMark, waitForCode } from './support/codes'
import { userAuthPool, userAuthUser } from './support/user-auth-pool'

const stack = loadStack()
const ENTRY = `
import { Amplify } from 'aws-amplify'
import { confirmSignIn, fetchAuthSession, signIn } from 'aws-amplify/auth'
const settle = promise => promise.then(result => ({ result }), error => ({ error: error.name + ': ' + error.message }))
window.userAuth = {
  configure: config => Amplify.configure(config),
  signIn: input => settle(signIn(input)),
  confirmSignIn: challengeResponse => settle(confirmSignIn({ challengeResponse })),
  username: async () => (await fetchAuthSession()).tokens?.accessToken.payload.username ?? null,
}
`
let served: BundledPage
let origin: string
let browser: Browser
let pool: StackData

beforeAll(async () => {
  served = await serveBundledPage(ENTRY)
  origin = served.origin
  browser = await launchBrowser()
  pool = await userAuthPool(stack)
})
afterAll(async () => {
  await browser?.close()
  await served?.close()
})

async function amplifyPage(): Promise<{ page: Page, messages: string[], close: () => Promise<void> }> {
  const context = await browser.newContext()
  const { page, messages } = await openPage(context)
  await page.goto(origin)
  await page.waitForFunction(() => 'userAuth' in window)
  await page.evaluate(config => (window as any).userAuth.configure(config), amplifyResourcesConfig(pool))
  return { page, messages, close: () => context.close() }
}
const call = (page: Page, name: string, arg: unknown) => page.evaluate(([n, a]) => (window as any).userAuth[n](a), [name, arg] as const)
// Expected noise: Amplify's custom-endpoint warning, and Chromium logging a refused call's 400.
const unexpected = (messages: string[]) => messages.filter(m => !m.includes('Cognito User Pool endpoint') && !m.includes('status of 400 (Bad Request)'))

describe('USER_AUTH in Chromium', () => {
  it('factor selection, then an e-mail code: a wrong code is refused, the right one signs in', async () => {
    const user = await userAuthUser(pool, 'browser-otp')
    const { page, messages, close } = await amplifyPage()
    expect(await call(page, 'signIn', { username: user.username, options: { authFlowType: 'USER_AUTH' } }))
      .toEqual({ result: { isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] } } })
    const mark = codeLogMark(pool)
    const chosen = await call(page, 'confirmSignIn', 'EMAIL_OTP')
    expect(chosen).toMatchObject({ result: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } } } })
    const code = await waitForCode(pool, user.username, { after: mark })
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(code.length, '0')
    expect(await call(page, 'confirmSignIn', wrong)).toMatchObject({ error: expect.stringMatching(/^CodeMismatchException/) })
    expect(await call(page, 'confirmSignIn', code)).toEqual({ result: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })
    expect(await call(page, 'username', null)).toBe(user.username)
    expect(unexpected(messages)).toEqual([])
    await close()
  })

  it('preferredChallenge EMAIL_OTP, and PASSWORD_SRP chosen at the selection', async () => {
    const user = await userAuthUser(pool, 'browser-pref')
    const first = await amplifyPage()
    const mark = codeLogMark(pool)
    expect(await call(first.page, 'signIn', { username: user.username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } }))
      .toMatchObject({ result: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } } })
    expect(await call(first.page, 'confirmSignIn', await waitForCode(pool, user.username, { after: mark }))).toEqual({ result: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })
    await first.close()

    const second = await amplifyPage()
    await call(second.page, 'signIn', { username: user.username, options: { authFlowType: 'USER_AUTH' } })
    expect(await call(second.page, 'confirmSignIn', 'PASSWORD_SRP')).toEqual({ result: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' } } })
    expect(await call(second.page, 'confirmSignIn', user.password)).toEqual({ result: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })
    expect(await call(second.page, 'username', null)).toBe(user.username)
    expect(unexpected(second.messages)).toEqual([])
    await second.close()
  })
})
