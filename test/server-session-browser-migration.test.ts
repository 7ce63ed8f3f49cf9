import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, startServer, url } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { browserCookieHeader, launchBrowser, openPage } from './support/browser'
import { scriptVisibleStorage, tokenCookies } from './support/script-visible'

// Switching a running app from browser to server sessions: a user signed in with browser sessions
// (Amplify's own signIn in the browser, cookies scripts can read) stays signed in after the restart
// with `session: 'server'`, and their cookies come back HttpOnly on the first request.
await setup(fixtureSetup('pages'))
const stack = loadStack()
const browser = await launchBrowser()
afterAll(() => browser.close())

describe('from browser sessions to server sessions', () => {
  it('a browser-mode session keeps working after the switch, and its cookies become HttpOnly', async () => {
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await page.goto(url('/login?redirect=/account'))
    expect(await page.locator('#session-mode').textContent()).toBe('browser')
    await page.locator('#login-form input[name=username]').fill('alice')
    await page.locator('#login-form input[name=password]').fill(stackUser(stack, 'alice').password)
    await page.locator('#login-form button[type=submit]').click()
    await page.waitForURL(u => u.pathname === '/account')
    const before = await tokenCookies(context, url('/'))
    expect(before.map(c => c.name)).toEqual(expect.arrayContaining([expect.stringMatching(/\.alice\.refreshToken$/)]))
    expect(before.filter(c => c.httpOnly)).toEqual([]) // browser sessions: all readable
    expect(await scriptVisibleStorage(page)).toContain('refreshToken')

    await startServer({ env: { NUXT_PUBLIC_AMPLIFY_SESSION: 'server' } })
    await page.goto(url('/account'))
    await expect.poll(() => page.locator('#account-user').textContent()).toContain('Protected page for alice')
    expect(await page.locator('#session-mode').textContent()).toBe('server')
    const after = await tokenCookies(context, url('/'))
    expect(after.map(c => c.name)).toEqual(expect.arrayContaining([expect.stringMatching(/\.alice\.refreshToken$/), expect.stringMatching(/\.alice\.accessToken$/)]))
    expect(after.filter(c => !c.httpOnly)).toEqual([])
    const visible = await scriptVisibleStorage(page)
    expect(visible).not.toMatch(/refreshToken|accessToken|idToken/)
    for (const { value } of after) expect(visible).not.toContain(value)
    // And browser-side Amplify has the session through the server.
    await page.goto(url('/amplify-probe'))
    await page.locator('#probe-ready').waitFor()
    expect(await page.evaluate(() => (window as any).amplifyProbe.user())).toMatchObject({ ok: { username: 'alice' } })
    expect(await (await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, url('/')) } })).json()).toMatchObject({ username: 'alice' })
    await context.close()
  })
})
