import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, url } from '@nuxt/test-utils/e2e'
import fc from 'fast-check'
import type { Browser, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { launchBrowser, openPage } from './support/browser'

// `?redirect=` through useAmplifyReturnPath, then Nuxt's own navigateTo (fixture page
// /return-path): the oracle is navigateTo itself. Whatever the parameter holds, the page must
// redirect within the site: on the server a 302 whose Location stays on this origin (navigateTo
// answers 500 for what it considers external), in the browser a navigation that stays on this
// origin without an error, also right after a real sign-in.
await setup(fixtureSetup('basic'))
const stack = loadStack()
const browser: Browser = await launchBrowser()
afterAll(() => browser.close())

const FALLBACK = '/?fallback=1'
const origin = () => new URL(url('/')).origin
const pageUrl = (redirect: string, extra = '') => `/return-path?redirect=${encodeURIComponent(redirect)}${extra}`

// The payloads (slashes with whitespace between them: Nuxt calls those external) and the
// classic open-redirect ones.
const EXTERNAL = ['/ /evil.com', '/\u00A0/evil.com', '/\u3000/evil.com', '/\u2028/evil.com', '/\u2029/evil.com', '/\uFEFF/evil.com', '/\t/evil.com', '/ \\evil.com', '/\\ /evil.com']
const CLASSIC = [
  '//evil.com', '///evil.com', '////evil.com', '/\\evil.com', '\\/\\/evil.com', '\\\\evil.com', '//', '///', '/\\',
  'https://evil.com', 'http:evil.com', '//evil.com/%2F..', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' /evil.com', '\u3000//evil.com',
  'data:text/html,<script>alert(1)</script>', '/%09/evil.com', '/%2F/evil.com', '/%5C/evil.com', '/.//evil.com', '/..//evil.com',
  '/\n/evil.com', '/\r\nLocation: https://evil.com', '/@evil.com', '/evil.com', '/login', '/login?redirect=//evil.com',
]

/** navigateTo(useAmplifyReturnPath()) during the server render: the status and where it points. */
async function serverRedirect(redirect: string) {
  const response = await fetch(pageUrl(redirect, '&go=1'), { redirect: 'manual' })
  const body = await response.text()
  expect(body).not.toMatch(/at .*\.(m?js|ts):\d+/)
  return { status: response.status, location: response.headers.get('location') }
}

function expectOnSite(redirect: string, { status, location }: { status: number, location: string | null }) {
  expect(status, JSON.stringify(redirect)).toBe(302)
  expect(new URL(location!, url('/')).origin, JSON.stringify(redirect)).toBe(origin())
}

describe('the ?redirect= return path and Nuxt\'s navigateTo', () => {
  it('a path on the site is kept (the control)', async () => {
    expect(await serverRedirect('/profile?tab=2#top')).toEqual({ status: 302, location: '/profile?tab=2#top' })
  })

  it('what navigateTo would call external gives the fallback, on the server a 302, never a 500', async () => {
    for (const redirect of EXTERNAL) expect(await serverRedirect(redirect), JSON.stringify(redirect)).toEqual({ status: 302, location: FALLBACK })
  })

  it('classic open-redirect payloads: a 302 to this site, never a 500', async () => {
    for (const redirect of CLASSIC) expectOnSite(redirect, await serverRedirect(redirect))
  })

  it('any mix of slashes, backslashes, spaces and Unicode spaces: a 302 to this site (fast-check)', { timeout: 120_000 }, async () => {
    // A leading '/' and a few slashes and spaces (where browsers and Nuxt look for a host), then anything.
    const slashOrSpace = fc.constantFrom('/', '\\', ' ', '\u00A0', '\u1680', '\u2000', '\u2028', '\u3000', '\uFEFF', '\u200B', '\t')
    const piece = fc.oneof(slashOrSpace, fc.constantFrom('%2F', '%5C', '.', '..', ':', '@', '?', '#', 'evil.com', 'javascript:'))
    await fc.assert(fc.asyncProperty(fc.array(slashOrSpace, { minLength: 1, maxLength: 4 }), fc.array(piece, { maxLength: 6 }), async (head, tail) => {
      const redirect = `/${head.join('')}${tail.join('')}`
      expectOnSite(redirect, await serverRedirect(redirect))
    }), { numRuns: 150 })
  })
})

/** Waits until the page's handlers are live (as pages.test.ts does). */
const hydrated = (page: Page) => page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)

/** 'navigated' once the page left /return-path; else where it stayed and the errors it logged. */
function outcome(page: Page, messages: string[]) {
  return page.waitForURL(u => u.pathname !== '/return-path', { timeout: 10_000 })
    .then(() => 'navigated', () => `stayed on ${page.url()}: ${messages.join(' | ')}`)
}

describe('in the browser', () => {
  it('navigateTo(useAmplifyReturnPath()) on a click stays on this site, without an error', { timeout: 120_000 }, async () => {
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    for (const redirect of [...EXTERNAL.slice(0, 4), '//evil.com', '/\\evil.com', '/.//evil.com', '/%2F/evil.com']) {
      await page.goto(url(pageUrl(redirect)))
      await hydrated(page)
      const done = outcome(page, messages)
      await page.locator('#go').click()
      expect(await done, JSON.stringify(redirect)).toBe('navigated')
      expect(new URL(page.url()).origin, JSON.stringify(redirect)).toBe(origin())
    }
    await context.close()
  })

  it('after a real sign-in through the form, the return path is followed without an error', { timeout: 120_000 }, async () => {
    const { password } = stackUser(stack, 'alice')
    for (const [redirect, expected] of [['/ /evil.com', FALLBACK], ['/\u3000/evil.com', FALLBACK], ['/profile?tab=2', '/profile?tab=2']] as const) {
      const context = await browser.newContext()
      const { page, messages } = await openPage(context)
      await page.goto(url(pageUrl(redirect)))
      await hydrated(page)
      await page.locator('#sign-in input[name=username]').fill('alice')
      await page.locator('#sign-in input[name=password]').fill(password)
      const done = outcome(page, messages)
      await page.locator('#sign-in button[type=submit]').click()
      expect(await done, JSON.stringify(redirect)).toBe('navigated')
      const landed = new URL(page.url())
      expect(landed.origin).toBe(origin())
      expect(landed.pathname + landed.search).toBe(expected)
      expect((await context.cookies()).some(c => c.name.endsWith('.alice.accessToken'))).toBe(true) // really signed in
      await context.close()
    }
  })
})
