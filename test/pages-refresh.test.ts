import { afterAll, describe, expect, it } from 'vitest'
import { setup, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { startPrivateShim } from './support/stack'
import { jwtPayload } from './support/cookies'
import { amplifyCookies, launchBrowser, openPage } from './support/browser'

// The playground on the `short` app client (60 s access and id tokens), behind a private shim so the
// refreshes counted here are this file's alone. Two browsers sign in together; when their tokens
// have expired, one reloads (the server refreshes) and one navigates client-side (Amplify refreshes
// in the browser). Both stay signed in, and each side accepts the tokens the other one refreshed.
const { stack, shim } = await startPrivateShim(loadStack())
afterAll(() => shim.stop())
await setup(fixtureSetup('pages', {
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.shortClientId } } }),
  NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
  // The tokens' issuer is the run's shared shim, not this private one (read by the server's token checks).
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
}))
const browser = await launchBrowser()
afterAll(() => browser.close())

const refreshes = () => shim.counts().GetTokensFromRefreshToken ?? 0
const accessToken = async (context: BrowserContext) => Object.entries(await amplifyCookies(context, url('/'))).find(([name]) => name.endsWith('.accessToken'))?.[1]
const expiresAt = async (context: BrowserContext) => (jwtPayload((await accessToken(context))!).exp as number) * 1000

async function signIn(context: BrowserContext, username: string): Promise<Page> {
  const { page } = await openPage(context)
  await page.goto(url('/login?redirect=/account'))
  await page.locator('#login-form input[name=username]').fill(username)
  await page.locator('#login-form input[name=password]').fill(stackUser(stack, username).password)
  await page.locator('#login-form button[type=submit]').click()
  await page.waitForURL(u => u.pathname === '/account')
  return page
}

describe('short-lived tokens in a real browser', () => {
  it('the user stays signed in across the access token expiry, whether the server or the browser refreshes', { timeout: 180_000 }, async () => {
    const viaServer = await browser.newContext()
    const viaBrowser = await browser.newContext()
    const serverPage = await signIn(viaServer, 'alice')
    const browserPage = await signIn(viaBrowser, 'bob@example.com')
    const before = refreshes()

    // Wait until Amplify (5 s tolerance) considers both access tokens expired.
    const expiry = Math.max(await expiresAt(viaServer), await expiresAt(viaBrowser))
    await new Promise(resolve => setTimeout(resolve, Math.max(0, expiry - 4_000 - Date.now())))

    // A reload: the server refreshes while rendering and sends the new cookies with the page.
    await serverPage.reload()
    expect(await serverPage.locator('#account-user').textContent()).toContain('Protected page for alice')
    // A client-side navigation: the profile's fetchUserAttributes makes Amplify refresh in the browser.
    await browserPage.locator('nav a[href="/profile"]').click()
    await browserPage.waitForURL(u => u.pathname === '/profile')
    await expect.poll(() => browserPage.locator('#name').textContent()).toContain('Bob Builder')
    expect(refreshes() - before).toBe(2) // one each

    for (const context of [viaServer, viaBrowser]) expect(await expiresAt(context)).toBeGreaterThan(Date.now() + 30_000)

    // Each side takes the other's fresh tokens without refreshing again, and nobody was signed out.
    await serverPage.locator('nav a[href="/profile"]').click()
    await serverPage.waitForURL(u => u.pathname === '/profile')
    await expect.poll(() => serverPage.locator('#name').textContent()).toContain('Alice Liddell')
    await browserPage.goto(url('/account'))
    expect(await browserPage.locator('#account-user').textContent()).toContain('Protected page for bob@example.com')
    expect(await serverPage.locator('#nav-user').textContent()).toBe('alice')
    expect(await browserPage.locator('#nav-user').textContent()).toBe('bob@example.com')
    expect(refreshes() - before).toBe(2)
    await viaServer.close()
    await viaBrowser.close()
  })
})
