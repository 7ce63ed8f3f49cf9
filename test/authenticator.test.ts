import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, startServer, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { browserCookieHeader, launchBrowser, openPage } from './support/browser'
import { scriptVisibleStorage, tokenCookies } from './support/script-visible'
import { usernameFromMe } from './support/api-me'

// Amplify UI's <authenticator> (@aws-amplify/ui-vue) on the playground's /authenticator, in each
// session mode, as is (no `services` prop). Browser sessions: it calls Amplify directly (SRP, the
// default), as in any Amplify app. Server sessions: the module routes its sign-in calls to the auth
// routes (src/amplify-ui-seam.ts), and its sign-out button goes through Amplify's signOut() to the
// server's sign-out. Every other step: authenticator-steps.test.ts, authenticator-mfa.test.ts.
await setup(fixtureSetup('pages'))
const stack = loadStack()
const browser = await launchBrowser()
afterAll(() => browser.close())

async function signInWithAuthenticator(context: BrowserContext, username: string): Promise<Page> {
  const { page } = await openPage(context)
  await page.goto(url('/authenticator'))
  const form = page.locator('[data-amplify-authenticator] form')
  await form.locator('input[name=username]').fill(username)
  await form.locator('input[name=password]').fill(stackUser(stack, username).password)
  await form.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect.poll(() => page.locator('#authenticator-user').textContent({ timeout: 20_000 })).toContain(`Signed in as ${username}`)
  return page
}

const serverSeesUser = async (context: BrowserContext) =>
  usernameFromMe(await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, url('/')) } }))

describe('Amplify UI\'s Authenticator', () => {
  it('with browser sessions it signs in as in any Amplify app (cookies scripts can read)', async () => {
    const context = await browser.newContext()
    const page = await signInWithAuthenticator(context, 'alice')
    expect(await page.locator('#session-mode').textContent()).toBe('browser')
    expect((await tokenCookies(context, url('/'))).some(c => c.name.endsWith('.alice.refreshToken') && !c.httpOnly)).toBe(true)
    expect(await serverSeesUser(context)).toBe('alice')
    await context.close()
  })

  it('with server sessions it signs in through the routes (HttpOnly cookies) and signs out at the server', async () => {
    await startServer({ env: { NUXT_PUBLIC_AMPLIFY_SESSION: 'server' } })
    const context = await browser.newContext()
    const page = await signInWithAuthenticator(context, 'bob@example.com')
    expect(await page.locator('#session-mode').textContent()).toBe('server')
    const secrets = await tokenCookies(context, url('/'))
    expect(secrets.some(c => c.name.endsWith('.refreshToken'))).toBe(true)
    expect(secrets.filter(c => !c.httpOnly)).toEqual([])
    expect(await scriptVisibleStorage(page)).not.toMatch(/eyJ[\w-]+\.[\w-]+|refreshToken/)
    expect(await serverSeesUser(context)).toBe('bob@example.com')

    await page.locator('#authenticator-sign-out').click()
    await page.locator('[data-amplify-authenticator] input[name=username]').waitFor()
    await expect.poll(async () => (await tokenCookies(context, url('/'))).length, { timeout: 10_000 }).toBe(0)
    expect(await serverSeesUser(context)).toBe(null)
    await context.close()
  })
})
