// Managed login through the module's routes with browser sessions (Amplify's readable cookies), with
// SameSite=Strict session cookies: the callback's landing page must still see them. Also Amplify's
// own browser flow (signInWithRedirect from aws-amplify/auth) against the same stand-in.
import { afterAll, inject } from 'vitest'
import { setup } from '@nuxt/test-utils/e2e'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { managedLoginApp } from './support/oauth-e2e'
import { describeManagedLogin } from './support/oauth-scenarios'

const stack = inject('amplifyStack')
const app = await managedLoginApp(stack, 'browser', { env: { NUXT_PUBLIC_AMPLIFY_COOKIES_SAME_SITE: 'strict' } })
await setup(app.setupOptions)
const browser: Browser = await launchBrowser()
afterAll(async () => {
  await browser.close()
  await app.oauth.stop()
})

describeManagedLogin('browser', app, () => browser)
