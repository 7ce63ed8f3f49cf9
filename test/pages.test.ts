import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, url } from '@nuxt/test-utils/e2e'
import type { Browser, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { amplifyCookies, browserCookieHeader, launchBrowser, openPage } from './support/browser'

// The playground (fixture `pages` extends it) in Chromium: the sign-in form, the user state
// rendered on the server, the `amplify-auth` middleware (/profile), the global `redirect` option
// (/account/**) and a client-only route (/account/spa).
await setup(fixtureSetup('pages'))
const stack = loadStack()
const browser: Browser = await launchBrowser()
afterAll(() => browser.close())

const HYDRATION = /hydration/i
/** Amplify's notice about the emulator's custom endpoint (counted in its own test below). */
const ENDPOINT_WARNING = 'custom Amazon Amazon Cognito User Pool endpoint'
/** Console errors and warnings, without that notice. */
const problems = (messages: string[]) => messages.filter(m => !m.includes(ENDPOINT_WARNING))
const hydrated = (page: Page) => page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)

async function signInThroughForm(page: Page, username: string) {
  await page.locator('#login-form input[name=username]').fill(username)
  await page.locator('#login-form input[name=password]').fill(stackUser(stack, username).password)
  await page.locator('#login-form button[type=submit]').click()
}

/** For waitForURL: this path, and `?redirect=` when given (compared decoded, however the router encoded it). */
const at = (path: string, redirect?: string) => (u: URL) => u.pathname === path && (redirect === undefined || u.searchParams.get('redirect') === redirect)

/** Marks the current document; still marked after a navigation means the navigation was client-side. */
const markDocument = (page: Page) => page.evaluate(() => {
  (window as unknown as { marked: boolean }).marked = true
})
const documentMarked = (page: Page) => page.evaluate(() => (window as unknown as { marked?: boolean }).marked === true)

describe('pages in a real browser', () => {
  it('an anonymous visit to a protected page is redirected by the server; signing in through the form lands back on it', async () => {
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    const response = await page.goto(url('/account'))
    // The server answered with the redirect: the protected page never rendered for nobody.
    expect(response!.request().redirectedFrom()?.url()).toBe(url('/account'))
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/account')

    await signInThroughForm(page, 'alice')
    await page.waitForURL(at('/account'))
    await expect.poll(() => page.locator('#account-user').textContent()).toContain('Protected page for alice')
    expect(await page.locator('#nav-user').textContent()).toBe('alice')
    expect(Object.keys(await amplifyCookies(context, url('/'))).some(name => name.endsWith('.alice.accessToken'))).toBe(true)
    expect(messages.filter(m => HYDRATION.test(m))).toEqual([])
    await context.close()
  })

  it('after a reload the server HTML (fetched without JavaScript) already shows the user, and hydration reports no mismatch', async () => {
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    await page.goto(url('/login?redirect=/profile'))
    await signInThroughForm(page, 'bob@example.com')
    await page.waitForURL(at('/profile'))
    await expect.poll(() => page.locator('#name').textContent()).toContain('Bob Builder')

    // The HTML the server renders for the browser's cookies, with no JavaScript involved.
    const html = await (await fetch('/profile', { headers: { cookie: await browserCookieHeader(context, url('/')) } })).text()
    expect(html).toContain('<span id="nav-user">bob@example.com</span>')
    expect(html).toMatch(/<dd id="name">\s*Bob Builder\s*<\/dd>/) // fetchUserAttributes during SSR
    expect(html).toContain('amplify:user"') // the state travels in the payload (Nuxt prefixes the key)

    const reloaded = await page.reload()
    expect(reloaded!.status()).toBe(200)
    expect(await page.locator('#nav-user').textContent()).toBe('bob@example.com')
    expect(await page.locator('#name').textContent()).toContain('Bob Builder')
    // Hydration is over once Nuxt is ready; Vue reports any mismatch as a console error by then.
    await hydrated(page)
    expect(messages.filter(m => HYDRATION.test(m))).toEqual([])
    expect(problems(messages)).toEqual([])
    await context.close()
  })

  it('client navigation to a protected page while signed out goes to login, and back after sign-in', async () => {
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    await page.goto(url('/'))
    await markDocument(page)
    await page.locator('nav a[href="/profile"]').click()
    await page.waitForURL(at('/login', '/profile'))
    expect(await documentMarked(page)).toBe(true) // redirected by the middleware in the browser

    await signInThroughForm(page, 'alice')
    await page.waitForURL(at('/profile'))
    await expect.poll(() => page.locator('#name').textContent()).toContain('Alice Liddell') // universal API, browser side
    expect(await documentMarked(page)).toBe(true)
    expect(await page.locator('#nav-user').textContent()).toBe('alice') // the Hub signedIn event updated the state
    expect(problems(messages)).toEqual([])
    await context.close()
  })

  it('the first load of an ssr: false route is protected too, and opens after sign-in', async () => {
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await page.goto(url('/account/spa'))
    await page.waitForURL(at('/login', '/account/spa'))
    await signInThroughForm(page, 'alice')
    await page.waitForURL(at('/account/spa'))
    await expect.poll(() => page.locator('#spa-user').textContent()).toContain('Rendered in the browser for alice')

    // A fresh first load while signed in: the user is read in the browser, no redirect.
    const again = await context.newPage()
    await again.goto(url('/account/spa'))
    await expect.poll(() => again.locator('#spa-user').textContent()).toContain('for alice')
    expect(new URL(again.url()).pathname).toBe('/account/spa')
    await context.close()
  })

  it('signing out removes the token cookies, and protected pages redirect again', async () => {
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    await page.goto(url('/login?redirect=/account'))
    await signInThroughForm(page, 'alice')
    await page.waitForURL(at('/account'))
    expect(Object.keys(await amplifyCookies(context, url('/'))).length).toBeGreaterThan(0)

    await page.locator('#sign-out').click()
    await page.waitForURL(at('/'))
    await expect.poll(() => page.locator('#nav-login').count()).toBe(1)
    expect(await amplifyCookies(context, url('/'))).toEqual({})

    // Client navigation and a server render both send the visitor to login now.
    await page.locator('nav a[href="/profile"]').click()
    await page.waitForURL(at('/login', '/profile'))
    await page.goto(url('/account'))
    expect(at('/login', '/account')(new URL(page.url()))).toBe(true)
    expect(problems(messages)).toEqual([])
    await context.close()
  })

  it('the login redirect only returns to paths on this site', async () => {
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await page.goto(url('/login?redirect=//evil.example/x'))
    await signInThroughForm(page, 'alice')
    await page.waitForURL(at('/profile')) // the fallback, not the other site
    await context.close()
  })

  it('the custom-endpoint warning of Amplify shows on the first page load of a tab only, not on every page', async () => {
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    for (const path of ['/', '/login', '/signup', '/']) {
      await page.goto(url(path))
      await hydrated(page) // Amplify is configured (and warns) before hydration ends
    }
    expect(messages.filter(m => m.includes(ENDPOINT_WARNING))).toHaveLength(1)
    await context.close()
  })

  it('the home page reads right: the user named once, each period right after its sentence', async () => {
    const context = await browser.newContext()
    const { page } = await openPage(context)
    // Whitespace collapsed as the browser renders it: a stray space before a period stays visible.
    const sentence = async () => (await page.locator('main p').first().textContent())?.replace(/\s+/g, ' ').trim()
    await page.goto(url('/'))
    expect(await sentence()).toBe('Not signed in. Sign in or sign up.')

    // The emulator's id tokens carry the e-mail but no name: the username is shown, and the e-mail
    // only when it says something else.
    await page.goto(url('/login?redirect=/'))
    await signInThroughForm(page, 'bob@example.com')
    await page.waitForURL(at('/'))
    await expect.poll(sentence).toBe('Signed in as bob@example.com. This line was rendered on the server from the token cookies.')
    await page.locator('#sign-out').click()
    await expect.poll(sentence).toBe('Not signed in. Sign in or sign up.')
    await page.goto(url('/login?redirect=/'))
    await signInThroughForm(page, 'alice')
    await page.waitForURL(at('/'))
    await expect.poll(sentence).toBe('Signed in as alice (alice@example.com). This line was rendered on the server from the token cookies.')
    await context.close()
  })
})
