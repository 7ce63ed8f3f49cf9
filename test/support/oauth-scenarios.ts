// The managed-login scenarios every session mode must pass, in Chromium (oauth-routes-*.test.ts).
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { openPage } from './browser'
import { answerGoogle, appCookies, type ManagedLoginApp, meOf, refreshTokenOf, tokenCookies } from './oauth-e2e'

const newSub = () => `g${randomBytes(5).toString('hex')}`

const landedOn = (page: Page, path: string) => expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe(path)

/** The playground's managed-login page, hydrated (its buttons work). */
export async function openManagedLoginPage(app: ManagedLoginApp, page: Page, returnPath?: string): Promise<void> {
  await page.goto(`${app.origin}/managed-login${returnPath ? `?redirect=${encodeURIComponent(returnPath)}` : ''}`)
  await page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)
}

/** From the managed-login page to the provider and back, allowing; resolves with the first HTML of the return path. */
export async function signInWithGoogle(app: ManagedLoginApp, page: Page, sub: string, returnPath = '/profile'): Promise<string> {
  await openManagedLoginPage(app, page, returnPath)
  await page.locator('#sign-in-google').click()
  const landed = page.waitForResponse(r => r.request().isNavigationRequest() && new URL(r.url()).pathname === returnPath && r.status() === 200)
  await answerGoogle(page, sub)
  return await (await landed).text()
}

export function describeManagedLogin(mode: 'browser' | 'server', app: ManagedLoginApp, browser: () => Browser) {
  const newContext = () => browser().newContext()
  const expectSessionCookiesOf = async (context: BrowserContext) => {
    const cookies = await appCookies(context, app.origin)
    const tokens = Object.entries(cookies).filter(([name]) => name.startsWith('CognitoIdentityServiceProvider.'))
    expect(tokens.length).toBeGreaterThanOrEqual(4) // LastAuthUser, accessToken, idToken, refreshToken (+ clockDrift)
    // Server sessions: no script can read a token; browser sessions: Amplify's browser storage reads them.
    for (const [name, cookie] of tokens) expect([name, cookie.httpOnly]).toEqual([name, mode === 'server'])
    expect(Object.keys(cookies).filter(name => name.endsWith('nuxt-amplify.oauth'))).toEqual([]) // the proofs are gone once used (`__Host-` when Secure)
  }

  describe(`managed login, ${mode} sessions (Chromium)`, () => {
    it('Sign in with Google → provider → back: the SSR page and /api/me show the user at once', async () => {
      const context = await newContext()
      const { page } = await openPage(context)
      const sub = newSub()
      const html = await signInWithGoogle(app, page, sub)
      // The first HTML of the return path is already signed in: no signed-out flash.
      expect(html).toContain(`${sub}@example.com`)
      expect(new URL(page.url()).pathname).toBe('/profile')
      await expect.poll(() => page.locator('#email').textContent()).toContain(`${sub}@example.com`)
      expect(await meOf(context, app.origin)).toBe(`google_${sub}`)
      await expectSessionCookiesOf(context)
      // Signed in already: sign-in goes straight to the return path, not to the provider.
      const authorizeBefore = app.oauth.counts.authorize
      await page.goto(`${app.origin}/api/amplify/oauth/sign-in?provider=Google&redirect=/account`)
      expect(new URL(page.url()).pathname).toBe('/account')
      expect(app.oauth.counts.authorize).toBe(authorizeBefore)
      await context.close()
    })

    it('a denial at the provider lands on the login page with access_denied, signed out', async () => {
      const context = await newContext()
      const { page } = await openPage(context)
      await openManagedLoginPage(app, page, '/profile')
      await page.locator('#sign-in-google').click()
      await answerGoogle(page, newSub(), 'deny')
      await landedOn(page, '/login')
      const landed = new URL(page.url())
      expect([landed.searchParams.get('error'), landed.searchParams.get('redirect')]).toEqual(['access_denied', '/profile'])
      expect(await tokenCookies(context, app.origin)).toEqual({})
      await context.close()
    })

    it('a tampered state lands on the login page with state_mismatch, and no cookie is set', async () => {
      const context = await newContext()
      const { page } = await openPage(context)
      await openManagedLoginPage(app, page)
      await page.locator('#sign-in-google').click()
      const tokenRequests = app.oauth.counts.token ?? 0
      // The provider's answer, taken from the Google page (with the browser's cookies), and its state
      // changed: what a login-CSRF attacker's link carries.
      await page.waitForURL(u => u.pathname === '/google')
      const answer = await context.request.post(`${app.oauthPublicUrl}/google`, { form: { tx: new URL(page.url()).searchParams.get('tx')!, sub: newSub(), decision: 'allow' }, maxRedirects: 0 })
      const tampered = new URL(answer.headers().location!)
      tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`)
      await page.goto(tampered.href)
      await landedOn(page, '/login')
      expect(new URL(page.url()).searchParams.get('error')).toBe('state_mismatch')
      expect(await appCookies(context, app.origin)).toEqual({}) // no session cookie, and the proof cookie is gone
      expect(app.oauth.counts.token ?? 0).toBe(tokenRequests) // the code was never redeemed
      await context.close()
    })

    it('a replayed callback URL lands on the login page with an error; the session is unchanged', async () => {
      const context = await newContext()
      const { page } = await openPage(context)
      let callbackUrl = ''
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/amplify/oauth/callback') callbackUrl = request.url()
      })
      const sub = newSub()
      await signInWithGoogle(app, page, sub)
      const before = await tokenCookies(context, app.origin)
      await page.goto(callbackUrl)
      await landedOn(page, '/login')
      expect(new URL(page.url()).searchParams.get('error')).toBe('state_missing')
      expect(await tokenCookies(context, app.origin)).toEqual(before)
      expect(await meOf(context, app.origin)).toBe(`google_${sub}`)
      await context.close()
    })

    it('sign-out revokes the refresh token, deletes every cookie, passes through /logout and lands on the sign-out URL', async () => {
      const context = await newContext()
      const { page } = await openPage(context)
      const sub = newSub()
      await signInWithGoogle(app, page, sub)
      const refreshToken = refreshTokenOf(await tokenCookies(context, app.origin))
      expect(refreshToken).toBeTruthy()
      const logouts: string[] = []
      page.on('request', (request) => {
        if (request.url().startsWith(`${app.oauthPublicUrl}/logout`)) logouts.push(request.url())
      })
      await openManagedLoginPage(app, page)
      await page.locator('#sign-out-managed').click()
      await page.waitForURL(u => u.pathname === '/' && logouts.length > 0)
      expect(new URL(logouts[0]!).searchParams.get('logout_uri')).toBe(`${app.origin}/`)
      expect(await appCookies(context, app.origin)).toEqual({})
      expect(await meOf(context, app.origin)).toBeNull()
      const refreshed = await fetch(`${app.oauth.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: app.oauth.clientIds[0]!, refresh_token: refreshToken! }),
      })
      expect([refreshed.status, await refreshed.json()]).toEqual([400, { error: 'invalid_grant' }])
      await context.close()
    })
  })
}
