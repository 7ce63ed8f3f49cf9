// Amplify's own browser build in Chromium against the shim's SMS and e-mail MFA
// (test/support/shim-mfa-codes.ts): signIn / confirmSignIn reach each step the shim issues and
// finish it, as Cognito's would. The cross-check of the stand-in against its real client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage } from './support/browser'
import { amplifyResourcesConfig, loadStack, type StackData } from './support/stack-data'
import { codeLogMark, waitForCode } from './support/codes'
import { MFA_PHONE, poolWithShimMfa, userWithContacts } from './support/mfa-pools'
import { type BundledPage, serveBundledPage } from './support/bundled-page'

const stack = loadStack()
const ENTRY = `
import { Amplify } from 'aws-amplify'
import { confirmSignIn, fetchAuthSession, signIn } from 'aws-amplify/auth'
const settle = async (promise) => {
  try {
    const result = await promise
    const { tokens } = await fetchAuthSession()
    return { result, username: tokens?.accessToken.payload.username ?? null }
  }
  catch (error) {
    return { error: error.name + ': ' + error.message }
  }
}
window.amp = {
  signIn: (config, username, password) => { Amplify.configure(config); return settle(signIn({ username, password })) },
  confirmSignIn: challengeResponse => settle(confirmSignIn({ challengeResponse })),
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
  pool = await poolWithShimMfa(stack, 'ON', { sms: true, email: true, totp: true })
})
afterAll(async () => {
  await browser?.close()
  await served?.close()
})

async function page(): Promise<Page> {
  const { page } = await openPage(await browser.newContext())
  await page.goto(origin)
  await page.waitForFunction(() => 'amp' in window)
  return page
}
const signIn = (p: Page, username: string, password: string) => p.evaluate(([c, u, w]) => (window as any).amp.signIn(c, u, w), [amplifyResourcesConfig(pool), username, password] as const)
const confirm = (p: Page, answer: string) => p.evaluate(a => (window as any).amp.confirmSignIn(a), answer)

describe('SMS and e-mail MFA in Chromium, Amplify\'s browser build against the shim', () => {
  it('SMS code: CONFIRM_SIGN_IN_WITH_SMS_CODE with the masked number, the code signs in', async () => {
    const user = await userWithContacts(pool, 'browser-sms', { phone: true })
    const p = await page()
    const mark = codeLogMark(stack)
    expect(await signIn(p, user.username, user.password)).toMatchObject({ result: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDeliveryDetails: { deliveryMedium: 'SMS', destination: '+*******0100' } } } })
    const code = await waitForCode(stack, user.username, { after: mark, medium: 'SMS', destination: MFA_PHONE })
    expect(await confirm(p, code === '000000' ? '111111' : '000000')).toEqual({ error: 'CodeMismatchException: Invalid code or auth state for the user.' })
    expect(await confirm(p, code)).toEqual({ result: { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, username: user.username })
  })

  it('e-mail code: CONFIRM_SIGN_IN_WITH_EMAIL_CODE, the 8-digit code signs in', async () => {
    const user = await userWithContacts(pool, 'browser-email', { email: true })
    const p = await page()
    const mark = codeLogMark(stack)
    expect(await signIn(p, user.username, user.password)).toMatchObject({ result: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } } } })
    const code = await waitForCode(stack, user.username, { after: mark, medium: 'EMAIL', destination: user.email })
    expect(await confirm(p, code)).toEqual({ result: { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, username: user.username })
  })

  it('MFA set-up choice, e-mail set-up with an address, its code signs in', async () => {
    const user = await userWithContacts(pool, 'browser-setup', {})
    const p = await page()
    const mark = codeLogMark(stack)
    expect(await signIn(p, user.username, user.password)).toMatchObject({ result: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMFATypes: ['TOTP', 'EMAIL'] } } })
    expect(await confirm(p, 'EMAIL')).toMatchObject({ result: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' } } })
    const address = `${user.username}@example.org`
    expect(await confirm(p, address)).toMatchObject({ result: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } } })
    const code = await waitForCode(stack, user.username, { after: mark, medium: 'EMAIL', destination: address })
    expect(await confirm(p, code)).toEqual({ result: { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, username: user.username })
  })
})
