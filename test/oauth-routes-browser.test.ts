// Managed login through the module's routes with browser sessions (Amplify's readable cookies), with
// SameSite=Strict session cookies: the callback's landing page must still see them. Also Amplify's
// own browser flow (signInWithRedirect from aws-amplify/auth) against the same stand-in.
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { setup } from '@nuxt/test-utils/e2e'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage } from './support/browser'
import { answerGoogle, managedLoginApp, meOf } from './support/oauth-e2e'
import { describeManagedLogin } from './support/oauth-scenarios'
import { TEST_OAUTH_DOMAIN } from './support/stack-data'

const stack = inject('amplifyStack')
const app = await managedLoginApp(stack, 'browser', {
  env: { NUXT_PUBLIC_AMPLIFY_COOKIES_SAME_SITE: 'strict' },
  // Where Amplify's browser flow comes back (it picks the redirect URL of the page it starts on).
  extraRedirects: origin => [`${origin}/amplify-redirect`],
})
await setup(app.setupOptions)
const browser: Browser = await launchBrowser()
afterAll(async () => {
  await browser.close()
  await app.oauth.stop()
})

describeManagedLogin('browser', app, () => browser)

describe('Amplify\'s own browser flow, browser sessions (Chromium)', () => {
  it('signInWithRedirect from aws-amplify/auth against the same managed login ends signed in on an SSR page', async () => {
    const context = await browser.newContext()
    // Amplify calls https://<domain>: Chromium's requests there go to the stand-in (navigations and the
    // browser's own token request, which the stand-in answers with CORS headers as Cognito does).
    await context.route(u => u.host === TEST_OAUTH_DOMAIN, async (route) => {
      const target = route.request().url().replace(`https://${TEST_OAUTH_DOMAIN}`, app.oauth.url)
      await route.fulfill({ response: await route.fetch({ url: target, maxRedirects: 0 }) })
    })
    const { page, messages } = await openPage(context)
    await page.goto(`${app.origin}/amplify-redirect`)
    await page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)
    const sub = `a${randomBytes(5).toString('hex')}`
    await page.locator('#amplify-sign-in-google').click()
    await answerGoogle(page, sub)
    // Back on the page, Amplify exchanges the code in the browser and writes its cookies.
    await expect.poll(() => page.locator('#amplify-redirect-user').textContent(), { timeout: 20_000 }).toContain(`google_${sub}`)
    const profile = await page.goto(`${app.origin}/profile`)
    expect(await profile!.text()).toContain(`${sub}@example.com`) // rendered signed in by the server
    expect(await meOf(context, app.origin)).toBe(`google_${sub}`)
    expect(messages.filter(m => m.startsWith('pageerror'))).toEqual([])
    await context.close()
  })
})
