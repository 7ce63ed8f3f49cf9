// Remembered devices in browser sessions, in the app itself (the playground's /amplify-probe in
// Chromium, `session: 'browser'`, the default): useAmplifyAuth() is Amplify's own, which confirms the
// device after an MFA sign-in and keeps its key, group key and secret in the module's cookie storage
// (src/runtime/app/lib/browser-session.ts) beside the tokens; the next sign-in (after a reload) runs
// device SRP from those cookies and skips MFA once the device is remembered. Against the shim's device
// stand-in (test/support/shim-devices.ts), on a pool that tracks devices. Amplify alone, outside the
// module's storage: test/shim-devices-browser.test.ts; server sessions: test/server-devices.test.ts.
import { afterAll, describe, expect, it } from 'vitest'
import { setup, startServer, url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack } from './support/stack-data'
import { launchBrowser, openPage } from './support/browser'
import { allCookies, serverSessionEnv } from './support/script-visible'
import { expectBrowserSession } from './support/authenticator-page'
import { poolWithDevices, userWithTotp } from './support/devices'
import { totp } from './support/totp'

const stack = loadStack()
const pool = await poolWithDevices(stack)
await setup(fixtureSetup('pages', {
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
}))
const browser = await launchBrowser()
afterAll(() => browser.close())

type Outcome = { ok?: any, error?: string, message?: string }
const call = (page: Page, name: string, input?: unknown) =>
  page.evaluate(([n, i]) => (window as any).amplifyProbe.moduleAuth(n, i), [name, input] as const) as Promise<Outcome>
const DEVICE_PARTS = ['deviceKey', 'deviceGroupKey', 'randomPasswordKey'] as const
const DONE = { ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } }

async function openProbe(page: Page): Promise<void> {
  await page.goto(url('/amplify-probe'))
  await page.locator('#probe-ready').waitFor()
}

describe('remembered devices (browser sessions, the module\'s cookie storage)', () => {
  it('MFA sign-in confirms the device into script-readable cookies; remembered → next sign-in without MFA; forgotten → MFA again', async () => {
    const { user, secret } = await userWithTotp(pool)
    const deviceCookies = async () => Object.fromEntries((await allCookies(context, url('/')))
      .filter(c => c.name.startsWith(`CognitoIdentityServiceProvider.${pool.clientId}.${user.username}.`) && DEVICE_PARTS.some(p => c.name.endsWith(`.${p}`)))
      .map(c => [c.name.split('.').pop(), c]))
    const signInWithMfa = async () => {
      expect(await call(page, 'signIn', { username: user.username, password: user.password })).toEqual({ ok: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } } })
      expect(await call(page, 'confirmSignIn', { challengeResponse: totp(secret) })).toEqual(DONE)
    }
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await openProbe(page)
    expect(await page.locator('#session-mode').textContent()).toBe('browser')

    await signInWithMfa()
    await expectBrowserSession(context, user.username)
    const device = await deviceCookies()
    for (const part of DEVICE_PARTS) {
      expect(device[part]?.value, part).toBeTruthy()
      expect(device[part]?.httpOnly, part).toBe(false)
    }
    const deviceKey = device.deviceKey!.value
    expect(await call(page, 'rememberDevice')).toEqual({ ok: undefined })
    const listed = (await call(page, 'fetchDevices')).ok as Array<{ id: string, attributes: Record<string, string> }>
    expect(listed.find(d => d.id === deviceKey)).toMatchObject({ attributes: { 'dev:device_remembered_status': 'remembered' } })

    // Signed out and reloaded: only the cookies carry the device to the next sign-in.
    expect(await call(page, 'signOut')).toEqual({ ok: undefined })
    await openProbe(page)
    expect((await deviceCookies()).deviceKey?.value).toBe(deviceKey)
    expect(await call(page, 'signIn', { username: user.username, password: user.password })).toEqual(DONE)
    await expectBrowserSession(context, user.username)

    expect(await call(page, 'forgetDevice')).toEqual({ ok: undefined })
    expect(await deviceCookies()).toEqual({})
    expect(((await call(page, 'fetchDevices')).ok as Array<{ id: string }>).map(d => d.id)).not.toContain(deviceKey)
    await call(page, 'signOut')
    await openProbe(page)
    await signInWithMfa()
    await context.close()
  })
})

// An app that moves from browser to server sessions keeps its users' remembered devices: the device's
// cookies written by Amplify in the browser carry the same names the sign-in routes read, so the first
// server-session sign-in on that browser runs device SRP and skips MFA. Last in the file: it restarts
// the app in server sessions.
describe('remembered devices across the move from browser to server sessions', () => {
  it('a device remembered in browser sessions skips MFA at the first sign-in through the routes', async () => {
    const { user, secret } = await userWithTotp(pool)
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await openProbe(page)
    expect(await call(page, 'signIn', { username: user.username, password: user.password })).toEqual({ ok: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } } })
    expect(await call(page, 'confirmSignIn', { challengeResponse: totp(secret) })).toEqual(DONE)
    expect(await call(page, 'rememberDevice')).toEqual({ ok: undefined })
    expect(await call(page, 'signOut')).toEqual({ ok: undefined })

    await startServer({ env: serverSessionEnv() })
    await openProbe(page)
    expect(await page.locator('#session-mode').textContent()).toBe('server')
    expect(await call(page, 'signIn', { username: user.username, password: user.password })).toEqual(DONE)
    const session = await allCookies(context, url('/'))
    const idToken = session.find(c => c.name === `CognitoIdentityServiceProvider.${pool.clientId}.${user.username}.idToken`)
    expect(idToken?.httpOnly).toBe(true)
    await context.close()
  })
})
