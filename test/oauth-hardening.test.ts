// Managed login, what an attacker would try (plain HTTP, server sessions): an id token without the
// nonce that was sent, proof cookies the app did not seal, and the app's own sealed proofs planted by a
// sibling subdomain (which can set only a cookie without the `__Host-` prefix); and return paths of any
// characters through the whole flow (test/support/return-path-payloads.ts).
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { setup } from '@nuxt/test-utils/e2e'
import { CookieJar, httpMe, httpSignIn, managedLoginApp } from './support/oauth-e2e'
import { s256 } from './support/oauth-server-grants'
import { jwtPayload } from './support/cookies'
import { expectLanding, expectValidLocation, RETURN_PATH_CASES } from './support/return-path-payloads'

const stack = inject('amplifyStack')
const app = await managedLoginApp(stack, 'server')
await setup(app.setupOptions)
afterAll(async () => {
  await app.oauth.stop()
})

const sub = () => `h${randomBytes(5).toString('hex')}`
const PROOF = '__Host-nuxt-amplify.oauth'
const callbackPath = '/api/amplify/oauth/callback'
const sessionCookies = (jar: CookieJar) => [...jar.cookies.keys()].filter(name => name.startsWith('CognitoIdentityServiceProvider.'))
function expectLandingOnLogin(res: Response, error: string) {
  expect(res.status).toBe(302)
  const to = new URL(res.headers.get('location')!, app.origin)
  expect([to.pathname, to.searchParams.get('error')]).toEqual(['/login', error])
}

/** At the stand-in as `account` (Google), allowing: the callback URL it sends the browser to. */
async function allowAtProvider(authorizeUrl: string, account: string): Promise<string> {
  const authorize = await fetch(authorizeUrl.replace(app.oauthPublicUrl, app.oauth.url), { redirect: 'manual' })
  const tx = new URL(authorize.headers.get('location')!, app.oauth.url).searchParams.get('tx')!
  const back = await fetch(`${app.oauth.url}/google`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ tx, sub: account, email: `${account}@example.com`, decision: 'allow' }) })
  return back.headers.get('location')!
}

describe('the id token\'s nonce', () => {
  it('the stand-in puts the authorize request\'s nonce into the id token, as Cognito does (the control)', async () => {
    const jar = new CookieJar()
    const { callback } = await httpSignIn(app, jar, sub())
    expect(callback.status).toBe(302)
    const idToken = [...jar.cookies].find(([name]) => name.endsWith('.idToken'))![1]
    expect(typeof jwtPayload(decodeURIComponent(idToken)).nonce).toBe('string')
  })

  it('an id token without the nonce that was sent is refused: invalid_tokens, nothing written', async () => {
    app.oauth.idTokenNonce = 'omit'
    try {
      const jar = new CookieJar()
      const { callback } = await httpSignIn(app, jar, sub())
      expectLandingOnLogin(callback, 'invalid_tokens')
      expect(sessionCookies(jar)).toEqual([])
      expect(await httpMe(app, jar)).toBeNull()
    }
    finally {
      app.oauth.idTokenNonce = 'issue'
    }
  })
})

describe('the proof cookie', () => {
  it('is sealed, HttpOnly, Secure, SameSite=Lax, Path=/ without Domain, named __Host-', async () => {
    const res = await fetch(`${app.origin}/api/amplify/oauth/sign-in?provider=Google&redirect=/account`, { redirect: 'manual' })
    const state = new URL(res.headers.get('location')!).searchParams.get('state')!
    const proof = res.headers.getSetCookie().find(c => c.startsWith(`${PROOF}=`))
    expect(proof, res.headers.getSetCookie().join('\n')).toBeTruthy()
    expect(proof).toMatch(/; HttpOnly/i)
    expect(proof).toMatch(/; Secure/i)
    expect(proof).toMatch(/; SameSite=Lax/i)
    expect(proof).toMatch(/; Path=\/(;|$)/i)
    expect(proof).not.toMatch(/; Domain=/i)
    const value = decodeURIComponent(proof!.slice(PROOF.length + 1).split(';')[0]!)
    expect(value).not.toContain(state)
    expect(value).not.toContain('/account')
  })

  // An attempt of the attacker's own making, with proofs the attacker knows, completed at the provider
  // as the attacker: planting its proofs in a victim's browser would sign the victim in as the attacker.
  it('proofs the app did not seal (plain JSON, today\'s format or under the __Host- name) are refused: state_missing', async () => {
    const verifier = randomBytes(48).toString('base64url')
    const state = randomBytes(16).toString('base64url')
    const nonce = randomBytes(16).toString('base64url')
    const redirectUri = `${app.origin}${callbackPath}`
    const authorize = new URL(`${app.oauthPublicUrl}/oauth2/authorize`)
    for (const [key, value] of Object.entries({ client_id: app.oauth.clientIds[0]!, response_type: 'code', redirect_uri: redirectUri, scope: 'openid email profile aws.cognito.signin.user.admin', state, code_challenge: s256(verifier), code_challenge_method: 'S256', nonce, identity_provider: 'Google' })) authorize.searchParams.set(key, value)
    const callbackUrl = await allowAtProvider(authorize.href, sub())
    const planted = encodeURIComponent(JSON.stringify({ state, codeVerifier: verifier, nonce, returnPath: '/profile', redirectUri }))
    for (const name of ['nuxt-amplify.oauth', PROOF]) {
      const victim = new CookieJar()
      victim.cookies.set(name, planted)
      const res = victim.take(await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: victim.header() } }))
      expectLandingOnLogin(res, 'state_missing')
      expect(sessionCookies(victim)).toEqual([])
    }
  })

  it('the app\'s own sealed proofs of the attacker\'s attempt, planted by a sibling subdomain (no __Host- prefix possible): state_missing', async () => {
    const attacker = new CookieJar()
    const start = attacker.take(await fetch(`${app.origin}/api/amplify/oauth/sign-in?provider=Google`, { redirect: 'manual' }))
    const [, sealed] = [...attacker.cookies].find(([name]) => name.endsWith('nuxt-amplify.oauth'))!
    const callbackUrl = await allowAtProvider(start.headers.get('location')!, sub())
    const victim = new CookieJar()
    victim.cookies.set('nuxt-amplify.oauth', sealed) // Set-Cookie: nuxt-amplify.oauth=…; Domain=<parent>, from evil.<parent>
    const res = victim.take(await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: victim.header() } }))
    expectLandingOnLogin(res, 'state_missing')
    expect(sessionCookies(victim)).toEqual([])
  })
})

describe('return paths of any characters through the managed login: never a 500, a valid same-site Location, the session written', () => {
  const kept = (path: string) => !/[\r\n]/.test(path) && new TextEncoder().encode(path).length <= 1024

  it.each(RETURN_PATH_CASES)('the callback lands on the return path ($name)', async (testCase) => {
    const jar = new CookieJar()
    const account = sub()
    const { callback } = await httpSignIn(app, jar, account, testCase.path)
    expect(callback.status, testCase.name).toBe(302)
    const to = expectValidLocation(callback.headers.get('location'), app.origin, testCase.name)
    if (kept(testCase.path)) expectLanding(to, testCase)
    else expect(to.pathname, testCase.name).toBe('/')
    expect(await httpMe(app, jar)).toBe(`google_${account}`)
    // Signed in already: sign-in goes straight to the return path.
    const again = await fetch(`${app.origin}/api/amplify/oauth/sign-in?redirect=${encodeURIComponent(testCase.path)}`, { redirect: 'manual', headers: { cookie: jar.header() } })
    expect(again.status, testCase.name).toBe(302)
    const direct = expectValidLocation(again.headers.get('location'), app.origin, testCase.name)
    if (kept(testCase.path)) expectLanding(direct, testCase)
  })

  it.each(RETURN_PATH_CASES)('a refused callback lands on the login page with the return path as a parameter ($name)', async (testCase) => {
    const jar = new CookieJar()
    const start = jar.take(await fetch(`${app.origin}/api/amplify/oauth/sign-in?provider=Google&redirect=${encodeURIComponent(testCase.path)}`, { redirect: 'manual' }))
    expect(start.status).toBe(302)
    const res = await fetch(`${app.origin}${callbackPath}?code=x&state=wrong`, { redirect: 'manual', headers: { cookie: jar.header() } })
    expect(res.status, testCase.name).toBe(302)
    const to = expectValidLocation(res.headers.get('location'), app.origin, testCase.name)
    expect([to.pathname, to.searchParams.get('error')]).toEqual(['/login', 'state_mismatch'])
    if (kept(testCase.path)) expect(to.searchParams.get('redirect'), testCase.name).toBe(testCase.path)
  })
})
