import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, url } from '@nuxt/test-utils/e2e'
import fc from 'fast-check'
import type { Browser, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { launchBrowser, openPage } from './support/browser'
import { expectLanding, expectValidLocation, RETURN_PATH_CASES } from './support/return-path-payloads'

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

describe('every redirecting route and page: any return path gives a valid, same-site Location, never a 500', () => {
  const { password } = stackUser(stack, 'alice')
  const formPost = (fields: Record<string, string>) => fetch('/api/amplify/sign-in', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
  // A path that fits the Location bound and has no control characters is kept; else the fallback.
  const kept = (path: string) => !/[\r\n]/.test(path) && encodeURI(path).length <= 4096

  it.each(RETURN_PATH_CASES)('sign-in form post, signed in: 303 to the return path, session written ($name)', async (testCase) => {
    const response = await formPost({ username: 'alice', password, authFlowType: 'USER_PASSWORD_AUTH', redirect: testCase.path })
    expect(response.status, testCase.name).toBe(303)
    const to = expectValidLocation(response.headers.get('location'), origin(), testCase.name)
    if (kept(testCase.path)) expectLanding(to, testCase)
    else expect(to.pathname + to.search, testCase.name).toBe('/')
    expect(response.headers.getSetCookie().some(cookie => /\.alice\.accessToken=ey/.test(cookie)), testCase.name).toBe(true)
  })

  it.each(RETURN_PATH_CASES)('sign-in form post, refused: 303 to the login page, the return path kept as a parameter ($name)', async (testCase) => {
    const response = await formPost({ username: 'alice', password: 'wrong-password', authFlowType: 'USER_PASSWORD_AUTH', redirect: testCase.path })
    expect(response.status, testCase.name).toBe(303)
    const to = expectValidLocation(response.headers.get('location'), origin(), testCase.name)
    expect([to.pathname, to.searchParams.get('error')]).toEqual(['/login', 'NotAuthorizedException'])
    if (kept(testCase.path)) expect(to.searchParams.get('redirect'), testCase.name).toBe(testCase.path)
  })

  it.each(RETURN_PATH_CASES)('managed-login sign-in without a managed login: 302 to the login page ($name)', async (testCase) => {
    const response = await fetch(`/api/amplify/oauth/sign-in?redirect=${encodeURIComponent(testCase.path)}`, { redirect: 'manual' })
    expect(response.status, testCase.name).toBe(302)
    const to = expectValidLocation(response.headers.get('location'), origin(), testCase.name)
    expect([to.pathname, to.searchParams.get('error')]).toEqual(['/login', 'not_configured'])
    // (the managed login carries at most 1,024 bytes of return path through the provider)
    if (kept(testCase.path) && new TextEncoder().encode(testCase.path).length <= 1024) expect(to.searchParams.get('redirect'), testCase.name).toBe(testCase.path)
  })

  it.each(RETURN_PATH_CASES)('navigateTo(useAmplifyReturnPath()) during the server render ($name)', async (testCase) => {
    const { status, location } = await serverRedirect(testCase.path)
    expect(status, testCase.name).toBe(302)
    const to = expectValidLocation(location, origin(), testCase.name)
    if (kept(testCase.path)) expectLanding(to, testCase)
  })

  it.each(RETURN_PATH_CASES)('the amplify-auth middleware, signed out: 302 to the login page with this page as `redirect` ($name)', async (testCase) => {
    // The page's own URL carries the characters (raw: fetch encodes what a browser would).
    const response = await fetch(`/guarded?next=${testCase.path.slice(0, 1000)}`, { redirect: 'manual' }) // (a request line over 16 KB gets Node's 431)
    expect(response.status, testCase.name).toBe(302)
    const to = expectValidLocation(response.headers.get('location'), origin(), testCase.name)
    expect(to.pathname).toBe('/login')
    expect(to.searchParams.get('redirect'), testCase.name).toMatch(/^\/guarded\?next=/)
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
