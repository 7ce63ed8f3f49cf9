import { afterAll, describe, expect, it } from 'vitest'
import { setup, url } from '@nuxt/test-utils/e2e'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { launchBrowser, openPage } from './support/browser'

// The user state in the browser after a sign-out or a sign-in on a page that never asked for it.
// The basic fixture's app.vue does not use useAmplifyUser(), and neither does /quiet, so the first
// use comes only with the client-side navigation to /guarded (the `amplify-auth` middleware) or
// /shown (the page's setup).
await setup(fixtureSetup('basic'))
const stack = loadStack()
const browser: Browser = await launchBrowser()
afterAll(() => browser.close())

const hydrated = (page: Page) => page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)

/** Marks the current document; still marked after a navigation means the navigation was client-side. */
const markDocument = (page: Page) => page.evaluate(() => {
  (window as unknown as { marked: boolean }).marked = true
})
const documentMarked = (page: Page) => page.evaluate(() => (window as unknown as { marked?: boolean }).marked === true)

async function signInOnQuietPage(page: Page, username: string) {
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(stackUser(stack, username).password)
  await page.locator('#sign-in').click()
  await expect.poll(() => page.locator('#status').textContent()).toContain('signed in')
}

async function signOutOnQuietPage(page: Page) {
  await page.locator('#sign-out').click()
  await expect.poll(() => page.locator('#status').textContent()).toContain('signed out')
}

/** /quiet rendered by the server for `username`: the payload carries that user to the browser. */
async function quietPageSignedInAs(context: BrowserContext, username: string): Promise<Page> {
  const { page } = await openPage(context)
  await page.goto(url('/quiet'))
  await hydrated(page)
  await signInOnQuietPage(page, username)
  await page.reload()
  await hydrated(page)
  expect(await page.content()).toContain(`"${username}"`) // the server put the user in the payload
  await markDocument(page)
  return page
}

describe('user state after sign-in and sign-out on a page that does not use it', () => {
  it('after a sign-out, client-side navigation to an amplify-auth page goes to login', async () => {
    const context = await browser.newContext()
    const page = await quietPageSignedInAs(context, 'alice')
    await signOutOnQuietPage(page)

    await page.locator('#to-guarded').click()
    await page.waitForURL(u => u.pathname !== '/quiet')
    expect(new URL(page.url()).pathname).toBe('/login') // not /guarded for the signed-out visitor
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/guarded')
    expect(await documentMarked(page)).toBe(true) // the middleware decided in the browser
    await context.close()
  })

  it('after a sign-in as someone else, the new user is shown, and the previous one never', async () => {
    const context = await browser.newContext()
    const page = await quietPageSignedInAs(context, 'alice')
    await signOutOnQuietPage(page)
    await signInOnQuietPage(page, 'bob@example.com')

    await page.locator('#to-guarded').click()
    await page.waitForURL(u => u.pathname === '/guarded')
    await expect.poll(() => page.locator('#guarded-user').textContent()).toContain('bob@example.com')
    expect(await documentMarked(page)).toBe(true)
    // What the page's own middleware (right after the guard) and its template saw.
    const seen = await page.evaluate(() => (window as unknown as { guardedUsers: (string | null)[] }).guardedUsers)
    expect(seen).toContain('bob@example.com')
    expect(seen).not.toContain('alice')
    await context.close()
  })

  it('after a sign-out, a page that shows the user (no middleware) never shows the signed-out one', async () => {
    const context = await browser.newContext()
    const page = await quietPageSignedInAs(context, 'alice')
    await signOutOnQuietPage(page)

    await page.locator('#to-shown').click()
    await page.waitForURL(u => u.pathname === '/shown')
    await expect.poll(() => page.locator('#shown-user').textContent()).toContain('nobody')
    expect(await documentMarked(page)).toBe(true)
    const seen = await page.evaluate(() => (window as unknown as { shownUsers: (string | null)[] }).shownUsers)
    expect(seen).not.toContain('alice')
    await context.close()
  })
})
