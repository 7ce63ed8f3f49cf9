import { afterAll, describe, expect, it } from 'vitest'
import { setup, url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { startPrivateShim } from './support/stack'
import { jwtPayload } from './support/cookies'
import { launchBrowser, openPage } from './support/browser'
import { scriptVisibleStorage, serverSessionEnv, tokenCookies } from './support/script-visible'

// Server sessions on the `short` app client (60 s access and id tokens), behind a private shim so
// the refreshes counted are this file's. Browser-side Amplify holds the tokens the session route
// gave it; once they expire it asks again, the server refreshes with the HttpOnly refresh token, and
// the page goes on with fresh tokens: no reload, a `tokenRefresh` on Hub, still nothing readable.
const { stack, shim } = await startPrivateShim(loadStack())
afterAll(() => shim.stop())
await setup(fixtureSetup('pages', {
  ...serverSessionEnv(),
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.shortClientId } } }),
  NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
}))
const browser = await launchBrowser()
afterAll(() => browser.close())

const refreshes = () => shim.counts().GetTokensFromRefreshToken ?? 0
type Session = { ok: { accessToken: string | null } }
const session = (page: Page) => page.evaluate(() => (window as any).amplifyProbe.session()) as Promise<Session>
const hubEvents = (page: Page) => page.evaluate(() => (window as unknown as { hubAuthEvents: string[] }).hubAuthEvents)

describe('server sessions: short-lived tokens in the browser', () => {
  it('after the tokens expire, browser-side Amplify gets fresh ones from the server without a reload', { timeout: 180_000 }, async () => {
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    await page.goto(url('/login?redirect=/amplify-probe'))
    await page.locator('#login-form input[name=username]').fill('alice')
    await page.locator('#login-form input[name=password]').fill(stackUser(stack, 'alice').password)
    await page.locator('#login-form button[type=submit]').click()
    await page.waitForURL(u => u.pathname === '/amplify-probe')
    await page.locator('#probe-ready').waitFor()
    await page.evaluate(() => Object.assign(window, { marked: true }))

    const first = (await session(page)).ok.accessToken!
    expect(first).toMatch(/^eyJ/)
    const before = refreshes()
    // Until Amplify's rule (5 s before expiry) calls the token expired.
    await new Promise(resolve => setTimeout(resolve, Math.max(0, (jwtPayload(first).exp as number) * 1000 - 4_000 - Date.now())))

    const second = (await session(page)).ok.accessToken!
    expect(second).toMatch(/^eyJ/)
    expect(second).not.toBe(first)
    expect(jwtPayload(second).exp as number).toBeGreaterThan(Date.now() / 1000 + 30)
    expect(refreshes() - before).toBe(1) // the server refreshed, once
    expect(await hubEvents(page)).toContain('tokenRefresh')
    expect(await page.evaluate(() => (window as unknown as { marked?: boolean }).marked)).toBe(true)
    // The new tokens, too, only in HttpOnly cookies.
    const secrets = await tokenCookies(context, url('/'))
    expect(secrets.find(c => c.name.endsWith('.accessToken'))?.value).toBe(second)
    expect(secrets.filter(c => !c.httpOnly)).toEqual([])
    expect(await scriptVisibleStorage(page)).not.toContain(second)
    expect(messages.filter(m => /error/i.test(m))).toEqual([])
    await context.close()
  })
})
