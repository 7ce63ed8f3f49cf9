// Managed login through the module's routes with server sessions (HttpOnly): the Chromium scenarios,
// every failure a clean landing on the login page, and concurrent sign-ins over plain HTTP.
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { setup } from '@nuxt/test-utils/e2e'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { CookieJar, httpMe, httpSignIn, managedLoginApp } from './support/oauth-e2e'
import { describeManagedLogin } from './support/oauth-scenarios'

const stack = inject('amplifyStack')
// A short wait for the token endpoint, so the "no answer" case lands quickly.
const app = await managedLoginApp(stack, 'server', { env: { NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: '1500' } })
await setup(app.setupOptions)
const browser: Browser = await launchBrowser()
afterAll(async () => {
  await browser.close()
  await app.oauth.stop()
})

describeManagedLogin('server', app, () => browser)

const sub = () => `h${randomBytes(5).toString('hex')}`

describe('managed login failures land on the login page (HTTP)', () => {
  const expectLanding = (res: Response, error: string) => {
    expect(res.status).toBe(302)
    const to = new URL(res.headers.get('location')!, app.origin)
    expect([to.pathname, to.searchParams.get('error')]).toEqual(['/login', error])
  }
  const sessionCookies = (jar: CookieJar) => [...jar.cookies.keys()].filter(name => name.startsWith('CognitoIdentityServiceProvider.'))

  it('a code replayed with the proofs of its attempt is refused by the token endpoint: invalid_grant, session unchanged', async () => {
    const jar = new CookieJar()
    const proofs = new CookieJar()
    const s = sub()
    // Keep the proof cookie as it was before the callback (what an attacker replaying the whole request would hold).
    const start = await fetch(`${app.origin}/api/amplify/oauth/sign-in?provider=Google`, { redirect: 'manual' })
    proofs.take(start)
    jar.take(start)
    const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' })
    const tx = new URL(authorize.headers.get('location')!, app.oauth.url).searchParams.get('tx')!
    const back = await fetch(`${app.oauth.url}/google`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ tx, sub: s, decision: 'allow' }) })
    const callbackUrl = back.headers.get('location')!
    jar.take(await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: jar.header() } }))
    expect(await httpMe(app, jar)).toBe(`google_${s}`)
    const before = new Map(jar.cookies)
    const replay = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: `${jar.header()}; ${proofs.header()}` } })
    expectLanding(replay, 'invalid_grant')
    jar.take(replay)
    expect(jar.cookies).toEqual(before)
  })

  for (const [mode, error] of [['hang', 'token_endpoint_unavailable'], ['error500', 'token_endpoint_unavailable'], ['forged', 'invalid_tokens']] as const) {
    it(`token endpoint ${mode}: ${error}, nothing written`, async () => {
      app.oauth.tokenEndpointMode = mode
      try {
        const jar = new CookieJar()
        const { callback } = await httpSignIn(app, jar, sub())
        expectLanding(callback, error)
        expect(sessionCookies(jar)).toEqual([])
        expect(callback.headers.getSetCookie().filter(c => c.startsWith('CognitoIdentityServiceProvider.'))).toEqual([])
      }
      finally {
        app.oauth.tokenEndpointMode = 'normal'
      }
    })
  }

  it('a callback without proofs, or with an error from the provider, or a bad provider name: never a 500', async () => {
    expectLanding(await fetch(`${app.origin}/api/amplify/oauth/callback?code=x&state=y`, { redirect: 'manual' }), 'state_missing')
    expectLanding(await fetch(`${app.origin}/api/amplify/oauth/callback?error=server_error&error_description=boom`, { redirect: 'manual' }), 'oauth_error')
    expectLanding(await fetch(`${app.origin}/api/amplify/oauth/callback`, { redirect: 'manual' }), 'state_missing')
    expectLanding(await fetch(`${app.origin}/api/amplify/oauth/sign-in?provider=${encodeURIComponent('<script>')}`, { redirect: 'manual' }), 'invalid_provider')
  })

  it('a cross-site sign-out link signs nobody out', async () => {
    const jar = new CookieJar()
    const s = sub()
    jar.take((await httpSignIn(app, jar, s)).callback)
    const res = await fetch(`${app.origin}/api/amplify/oauth/sign-out`, { redirect: 'manual', headers: { 'cookie': jar.header(), 'sec-fetch-site': 'cross-site' } })
    expect(res.status).toBe(403)
    expect(await httpMe(app, jar)).toBe(`google_${s}`)
  })
})

describe('the authorize request and sign-up (HTTP)', () => {
  it('sign-in asks for code + PKCE S256 + state + nonce + the scopes, with the provider and language given', async () => {
    const res = await fetch(`${app.origin}/api/amplify/oauth/sign-in?provider=Apple&lang=de&redirect=/account`, { redirect: 'manual' })
    const to = new URL(res.headers.get('location')!)
    expect(to.origin + to.pathname).toBe(`${app.oauthPublicUrl}/oauth2/authorize`)
    const q = Object.fromEntries(to.searchParams)
    expect(q).toMatchObject({ response_type: 'code', code_challenge_method: 'S256', identity_provider: 'SignInWithApple', lang: 'de', scope: 'openid email profile aws.cognito.signin.user.admin', redirect_uri: `${app.origin}/api/amplify/oauth/callback` })
    expect(q.code_challenge).toMatch(/^[\w-]{43}$/)
    expect(q.state!.length).toBeGreaterThanOrEqual(32)
    expect(q.nonce).toBeTruthy()
    const proof = res.headers.getSetCookie().find(c => c.startsWith('__Host-nuxt-amplify.oauth='))! // (oauth-hardening.test.ts: sealed, Path=/, no Domain)
    expect(proof).toMatch(/HttpOnly/i)
    expect(proof).toMatch(/SameSite=Lax/i)
    expect(proof).toMatch(/Max-Age=300/i)
  })

  it('sign-up goes to the managed login\'s sign-up page and ends signed in as the new user', async () => {
    const jar = new CookieJar()
    const start = jar.take(await fetch(`${app.origin}/api/amplify/oauth/sign-up?redirect=/account`, { redirect: 'manual' }))
    const signUpPage = new URL(start.headers.get('location')!)
    expect(signUpPage.pathname).toBe('/signup')
    const html = await (await fetch(signUpPage.href.replace(app.oauthPublicUrl, app.oauth.url))).text()
    const tx = /name="tx" value="([^"]+)"/.exec(html)![1]!
    const username = sub()
    const back = await fetch(`${app.oauth.url}/signup`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ tx, username, email: `${username}@example.com`, password: 'Passw0rd!new' }) })
    const callback = jar.take(await fetch(back.headers.get('location')!, { redirect: 'manual', headers: { cookie: jar.header() } }))
    expect([callback.status, callback.headers.get('location')]).toEqual([302, '/account'])
    expect(await httpMe(app, jar)).toBe(username)
  })
})

describe('concurrent managed-login sign-ins', () => {
  it('20 users signing in at once through the callback each end with their own session', async () => {
    const subs = Array.from({ length: 20 }, () => sub())
    const results = await Promise.all(subs.map(async (s) => {
      const jar = new CookieJar()
      const { callback } = await httpSignIn(app, jar, s)
      expect([callback.status, callback.headers.get('location')]).toEqual([302, '/profile'])
      return await httpMe(app, jar)
    }))
    expect(results).toEqual(subs.map(s => `google_${s}`))
  })
})
