// Amplify's own remembered-device flow in real Chromium against the shim's device stand-in
// (test/support/shim-devices.ts), as browser sessions run it: the browser build of aws-amplify
// confirms the device after an MFA sign-in, remembers it, and signs in again through device SRP
// without the code; forgetDevice brings the code back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage } from './support/browser'
import { amplifyResourcesConfig, loadStack } from './support/stack-data'
import { type BundledPage, serveBundledPage } from './support/bundled-page'
import { poolWithDevices, userWithTotp } from './support/devices'
import { totp } from './support/totp'

const stack = loadStack()
const ENTRY = `
import { Amplify } from 'aws-amplify'
import * as auth from 'aws-amplify/auth'
window.configure = config => Amplify.configure(config)
window.amplify = async (name, input) => {
  try {
    const out = await auth[name](input)
    return { out: JSON.parse(JSON.stringify(out ?? null)) }
  }
  catch (error) {
    return { error: error.name + ': ' + error.message }
  }
}
`
let served: BundledPage
let origin: string
let browser: Browser

beforeAll(async () => {
  served = await serveBundledPage(ENTRY)
  origin = served.origin
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await served?.close()
})

const call = (page: Page, name: string, input?: unknown) => page.evaluate(([n, i]) => (window as any).amplify(n, i), [name, input] as const) as Promise<{ out?: any, error?: string }>

describe('remembered devices in Chromium (Amplify\'s own flow)', () => {
  it('MFA sign-in confirms the device; remembered, the next sign-in skips MFA; forgotten, MFA is back', async () => {
    const pool = await poolWithDevices(stack)
    const { user, secret } = await userWithTotp(pool)
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await page.goto(origin)
    await page.waitForFunction(() => 'amplify' in window)
    await page.evaluate(config => (window as any).configure(config), amplifyResourcesConfig(pool))
    const signInWithMfa = async () => {
      expect(await call(page, 'signIn', { username: user.username, password: user.password })).toEqual({ out: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } } })
      expect(await call(page, 'confirmSignIn', { challengeResponse: totp(secret) })).toEqual({ out: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })
    }
    await signInWithMfa()
    expect(await call(page, 'rememberDevice')).toEqual({ out: null })
    const devices = (await call(page, 'fetchDevices')).out as Array<{ id: string, name?: string, attributes: Record<string, string> }>
    const remembered = devices.filter(d => d.attributes['dev:device_remembered_status'] === 'remembered')
    expect(remembered).toHaveLength(1)
    expect(remembered[0]!.name).toContain('Chrom') // named by Amplify after the browser

    expect(await call(page, 'signOut')).toEqual({ out: null })
    expect(await call(page, 'signIn', { username: user.username, password: user.password })).toEqual({ out: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })

    expect(await call(page, 'forgetDevice')).toEqual({ out: null })
    expect((await call(page, 'fetchDevices')).out.map((d: { id: string }) => d.id)).not.toContain(remembered[0]!.id)
    await call(page, 'signOut')
    await signInWithMfa()
    await context.close()
  })
})
