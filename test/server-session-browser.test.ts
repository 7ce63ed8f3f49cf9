import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { browserCookieHeader, launchBrowser, openPage } from './support/browser'
import { refreshTokenWorks } from './support/fixture-server'
import { scriptVisibleStorage, serverSessionEnv, tokenCookies } from './support/script-visible'
import { authRoutePath } from '../src/runtime/shared/auth-routes'

// The playground (fixture `pages`) in Chromium with server sessions: its login form and sign-out
// button use useAmplifyAuth(), the session lives in HttpOnly cookies, and browser-side Amplify gets
// short-lived tokens from the session route (lib/server-token-source.ts). /amplify-probe (fixture
// page) calls aws-amplify/auth as app code does; a fixture plugin records Hub's auth events.
await setup(fixtureSetup('pages', serverSessionEnv()))
const stack = loadStack()
const browser = await launchBrowser()
afterAll(() => browser.close())

const SESSION_PATH = authRoutePath('/api/amplify', 'session')
type Outcome<T> = { ok: T } | { error: string, message: string }
interface Probe {
  session: (forceRefresh?: boolean) => Promise<Outcome<{ accessToken: string | null, idToken: string | null, userSub: string | null }>>
  sessions: (count: number, forceRefresh?: boolean) => Promise<Outcome<Array<{ accessToken: string | null }>>>
  user: () => Promise<Outcome<{ username: string, userId: string }>>
  amplifySignOut: () => Promise<Outcome<void>>
  moduleSignIn: (username: string, password: string) => Promise<Outcome<{ isSignedIn: boolean }> & { isAuthError?: boolean }>
}
const probe = <K extends keyof Probe>(page: Page, name: K, ...args: Parameters<Probe[K]>) =>
  page.evaluate(([name, args]) => ((window as any).amplifyProbe[name] as (...a: unknown[]) => unknown)(...args), [name, args] as const) as ReturnType<Probe[K]>
const hubEvents = (page: Page) => page.evaluate(() => (window as unknown as { hubAuthEvents: string[] }).hubAuthEvents)
const hydrated = (page: Page) => page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)
const markDocument = (page: Page) => page.evaluate(() => Object.assign(window, { marked: true }))
const documentMarked = (page: Page) => page.evaluate(() => (window as unknown as { marked?: boolean }).marked === true)

/** Counts the page's requests to the session route. */
function countSessionRequests(page: Page): { count: number } {
  const counter = { count: 0 }
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === SESSION_PATH) counter.count++
  })
  return counter
}

/** Signs in through the playground's form; lands on /account by a client-side navigation. */
async function signInThroughForm(context: BrowserContext, username: string): Promise<Page> {
  const { page } = await openPage(context)
  await page.goto(url('/login?redirect=/account'))
  await hydrated(page)
  await markDocument(page)
  await page.locator('#login-form input[name=username]').fill(username)
  await page.locator('#login-form input[name=password]').fill(stackUser(stack, username).password)
  await page.locator('#login-form button[type=submit]').click()
  await page.waitForURL(u => u.pathname === '/account')
  return page
}

describe('server sessions in a real browser', () => {
  it('signing in through the form: the user shows without a reload, SSR and /api/me see them, and no script can read a token', async () => {
    const context = await browser.newContext()
    const page = await signInThroughForm(context, 'alice')
    await expect.poll(() => page.locator('#account-user').textContent()).toContain('Protected page for alice')
    expect(await page.locator('#nav-user').textContent()).toBe('alice') // useAmplifyUser() followed the sign-in
    expect(await documentMarked(page)).toBe(true) // no reload
    expect(await hubEvents(page)).toContain('signedIn')
    expect(await page.locator('#session-mode').textContent()).toBe('server')
    expect(await page.locator('#visible-token-cookies').textContent()).toBe('0')

    // The session's cookies are HttpOnly, and none of their values is anywhere a script can look.
    const secrets = await tokenCookies(context, url('/'))
    expect(secrets.map(c => c.name)).toEqual(expect.arrayContaining([expect.stringMatching(/\.alice\.refreshToken$/), expect.stringMatching(/\.alice\.accessToken$/)]))
    expect(secrets.filter(c => !c.httpOnly)).toEqual([])
    const visible = await scriptVisibleStorage(page)
    for (const { value } of secrets) expect(visible).not.toContain(value)
    expect(visible).not.toMatch(/eyJ[\w-]+\.[\w-]+/) // no JWT at all
    expect(visible).not.toMatch(/refreshToken|accessToken|idToken/)

    // The server renders for alice from those cookies, and so does an API route.
    const cookie = await browserCookieHeader(context, url('/'))
    expect(await (await fetch('/account', { headers: { cookie } })).text()).toContain('Protected page for alice')
    expect(await (await fetch('/api/me', { headers: { cookie } })).json()).toMatchObject({ username: 'alice' })
    await context.close()
  })

  it('browser-side Amplify reads the server session: fetchAuthSession, getCurrentUser, concurrent callers share one request', async () => {
    const context = await browser.newContext()
    await (await signInThroughForm(context, 'alice')).close()
    const { page, messages } = await openPage(context)
    const requests = countSessionRequests(page)
    await page.goto(url('/amplify-probe'))
    await page.locator('#probe-ready').waitFor()
    const accessCookie = (await tokenCookies(context, url('/'))).find(c => c.name.endsWith('.alice.accessToken'))!

    const session = await probe(page, 'session')
    expect(session).toEqual({ ok: { accessToken: accessCookie.value, idToken: expect.stringMatching(/^eyJ/), userSub: expect.any(String) } })
    expect(await probe(page, 'user')).toMatchObject({ ok: { username: 'alice', userId: (session as { ok: { userSub: string } }).ok.userSub } })
    // Held in memory: more reads, no more requests.
    const afterFirstReads = requests.count
    expect(afterFirstReads).toBeGreaterThanOrEqual(1)
    expect(await probe(page, 'sessions', 5)).toMatchObject({ ok: Array.from({ length: 5 }, () => ({ accessToken: accessCookie.value })) })
    expect(requests.count).toBe(afterFirstReads)
    // Five forced refreshes at once: one request.
    expect(await probe(page, 'sessions', 5, true)).toMatchObject({ ok: expect.any(Array) })
    expect(requests.count).toBe(afterFirstReads + 1)
    expect(messages.filter(m => /error/i.test(m) && !/custom Amazon/.test(m))).toEqual([])
    await context.close()
  })

  it('signing out: the user is gone without a reload, the refresh token is revoked, and a reload shows nobody', async () => {
    const context = await browser.newContext()
    const page = await signInThroughForm(context, 'bob@example.com')
    const refreshToken = (await tokenCookies(context, url('/'))).find(c => c.name.endsWith('.refreshToken'))!.value
    await page.locator('#sign-out').click()
    await page.waitForURL(u => u.pathname === '/')
    await page.locator('#nav-login').waitFor()
    expect(await documentMarked(page)).toBe(true)
    expect(await hubEvents(page)).toEqual(expect.arrayContaining(['signedIn', 'signedOut']))
    expect(await tokenCookies(context, url('/'))).toEqual([])
    expect(await refreshTokenWorks(stack, stack.clientId, refreshToken)).toBe(false) // revoked at Cognito
    await page.reload()
    await page.locator('#nav-login').waitFor()
    expect((await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, url('/')) } })).status).toBe(401)
    await context.close()
  })

  it('a refused sign-in throws Amplify\'s AuthError with Cognito\'s error name, and leaves nobody signed in', async () => {
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await page.goto(url('/amplify-probe'))
    await page.locator('#probe-ready').waitFor()
    const refused = await probe(page, 'moduleSignIn', 'alice', 'wrong-Passw0rd!')
    expect(refused).toMatchObject({ error: 'NotAuthorizedException', message: expect.stringMatching(/password/i), isAuthError: true })
    expect(refused).not.toHaveProperty('message', expect.stringContaining('wrong-Passw0rd!'))
    expect(await probe(page, 'moduleSignIn', 'nobody-here', 'Passw0rd!x')).toMatchObject({ error: expect.stringMatching(/^(?:UserNotFoundException|NotAuthorizedException)$/), isAuthError: true })
    expect(await probe(page, 'session')).toEqual({ ok: { accessToken: null, idToken: null, userSub: null } })
    expect(await hubEvents(page)).not.toContain('signedIn')
    // The right password through the same call: signed in, and the page's Amplify knows it at once.
    expect(await probe(page, 'moduleSignIn', 'alice', stackUser(stack, 'alice').password)).toEqual({ ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })
    expect(await probe(page, 'user')).toMatchObject({ ok: { username: 'alice' } })
    expect(await hubEvents(page)).toContain('signedIn')
    await context.close()
  })

  it('Amplify\'s own signOut() (as app code or Amplify UI calls it) ends the server session too', async () => {
    const context = await browser.newContext()
    await (await signInThroughForm(context, 'alice')).close()
    const { page } = await openPage(context)
    await page.goto(url('/amplify-probe'))
    await page.locator('#probe-ready').waitFor()
    expect(await probe(page, 'amplifySignOut')).not.toHaveProperty('error')
    // Read at once: never the old session again.
    expect(await probe(page, 'session')).toEqual({ ok: { accessToken: null, idToken: null, userSub: null } })
    await expect.poll(async () => (await tokenCookies(context, url('/'))).length).toBe(0)
    await page.goto(url('/account'))
    expect(new URL(page.url()).pathname).toBe('/login')
    await context.close()
  })
})
