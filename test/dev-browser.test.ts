import { afterAll, describe, expect, it, onTestFailed } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { fixtureDir } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { launchBrowser, openPage } from './support/browser'
import { startNuxtDev } from './support/nuxt-dev'

// A newcomer's first minutes: `npm run dev` on a fresh clone, i.e. `nuxi dev` with an empty Vite
// cache, and a sign-in through the playground's form in a real browser. Vite pre-bundles the
// dependencies it finds at start-up; one it discovers only when a page imports it makes Vite
// re-bundle and reload the page, and the browser then briefly holds two copies of Amplify (one
// configured, one not). One dev server for the whole file: it is the expensive part.
const stack = loadStack()
const server = await startNuxtDev(fixtureDir('pages'))
const browser: Browser = await launchBrowser()
afterAll(async () => {
  await browser.close()
  await server.stop()
})

const NO_CONTEXT = /NoAmplifyContext|Call Amplify\.configure/

/** Every path the page's main frame showed, in order (client-side navigations included). */
function pathsShown(page: Page): string[] {
  const paths: string[] = []
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) paths.push(new URL(frame.url()).pathname)
  })
  return paths
}

/** Marks the current document; still marked later means no reload happened in between. */
const markDocument = (page: Page) => page.evaluate(() => {
  (window as unknown as { marked: boolean }).marked = true
})
const documentMarked = (page: Page) => page.evaluate(() => (window as unknown as { marked?: boolean }).marked === true)

/** Nuxt has hydrated the page: from now on the form is handled by Vue, not submitted by the browser. */
const hydrated = (page: Page) => page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false, undefined, { timeout: 60_000 })

describe('nuxi dev from an empty Vite cache, in Chromium', () => {
  it('the first sign-in through the form lands on /profile showing the user, without a reload or a bounce', async () => {
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    const paths = pathsShown(page)
    onTestFailed(() => console.error(`paths: ${paths.join(' → ')}\nbrowser console:\n${messages.join('\n')}\n--- nuxi dev output ---\n${server.log().slice(-6000)}`))
    // The first page load makes Vite transform the whole app: slow on a loaded machine.
    await page.goto(server.url('/login'), { timeout: 180_000 })
    await hydrated(page)
    await markDocument(page)
    await page.locator('#login-form input[name=username]').fill('alice')
    await page.locator('#login-form input[name=password]').fill(stackUser(stack, 'alice').password)
    await page.locator('#login-form button[type=submit]').click()

    // Either the sign-in's client-side navigation arrives, or the page reloads (its mark is gone).
    await page.waitForFunction(() => location.pathname === '/profile' || !(window as unknown as { marked?: boolean }).marked, undefined, { timeout: 60_000 })
    expect(await documentMarked(page)).toBe(true) // no reload
    expect(new URL(page.url()).pathname).toBe('/profile')
    await expect.poll(() => page.locator('#name').textContent(), { timeout: 30_000 }).toContain('Alice Liddell')
    expect(await page.locator('#nav-user').textContent()).toBe('alice')
    // Loading another page settles whatever Vite was still doing (a late re-bundle reloads the page).
    const next = await context.newPage()
    await next.goto(server.url('/'), { timeout: 60_000 })
    await expect.poll(() => next.locator('#user-name').textContent()).toBe('alice')

    // Signed in with one client-side navigation: still no reload, no way back to the form.
    expect(await documentMarked(page)).toBe(true)
    expect(paths.slice(paths.indexOf('/profile'))).not.toContain('/login')
    expect(new URL(page.url()).pathname).toBe('/profile')
    expect(messages.filter(m => NO_CONTEXT.test(m))).toEqual([])
    // Vite says so in the dev log when it had to re-bundle late and reload the browser.
    expect(server.log()).not.toMatch(/optimized dependencies changed|new dependencies optimized/)
    await context.close()
  }, 400_000)
})
