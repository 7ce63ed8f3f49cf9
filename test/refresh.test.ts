import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { startPrivateShim } from './support/stack'
import { cookieHeader, signInCookies } from './support/sign-in'
import { applySetCookies, jwtPayload, parseSetCookies } from './support/cookies'

// A server on the `short` app client (60 s tokens) behind a private shim, so the refresh calls
// counted here are this file's alone. Cookie attributes are overridden at run time through
// NUXT_PUBLIC_AMPLIFY_COOKIES, which also proves the runtime-config override works.
const shared = loadStack()
const { stack, shim } = await startPrivateShim(shared)
afterAll(() => shim.stop())
const config = { Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.shortClientId } } }
await setup(fixtureSetup('basic', {
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify(config),
  NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
  // The tokens' issuer is the run-wide shim, not this private one (verification derives it from the endpoint).
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
  NUXT_PUBLIC_AMPLIFY_COOKIES: JSON.stringify({ domain: 'app.example.test', sameSite: 'strict', maxAge: 7200 }),
}))

const signIn = (username: string) => signInCookies(stack, { username, password: stackUser(stack, username).password, clientId: stack.shortClientId })
const suffix = (jar: Record<string, string>, key: string) => Object.entries(jar).find(([name]) => name.endsWith(`.${key}`))!
/** Waits until Amplify (5 s tolerance) considers the jar's access token expired. */
async function untilExpired(jar: Record<string, string>) {
  const exp = jwtPayload(suffix(jar, 'accessToken')[1]).exp as number
  const wait = exp * 1000 - 4_000 - Date.now()
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
}

describe('token refresh on the server', () => {
  it('an expired access token is refreshed in a server route and a server-rendered page; new tokens come back as Set-Cookie', { timeout: 120_000 }, async () => {
    // Two browsers signed in now; both tokens expire together, about 60 s from now.
    const routeJar = await signIn('alice')
    const pageJar = await signIn('bob@example.com')
    const before = shim.counts().GetTokensFromRefreshToken ?? 0
    await untilExpired(routeJar)

    const route = await fetch('/api/session', { headers: { cookie: cookieHeader(routeJar) } })
    expect(route.status).toBe(200)
    const session = await route.json()
    expect(session.username).toBe('alice')
    expect(session.exp * 1000).toBeGreaterThan(Date.now() + 30_000) // the token it used is the new one

    const page = await fetch('/', { headers: { cookie: cookieHeader(pageJar) } })
    expect(await page.text()).toContain('Hello, bob@example.com!')

    expect((shim.counts().GetTokensFromRefreshToken ?? 0) - before).toBe(2) // one per request

    for (const [response, jar, username] of [[route, routeJar, 'alice'], [page, pageJar, 'bob@example.com']] as const) {
      const setCookies = parseSetCookies(response.headers.getSetCookie())
      const names = setCookies.map(c => c.name)
      expect(new Set(names).size).toBe(names.length) // no cookie written twice
      // New tokens written (not deleted), under the names Amplify's browser storage reads (written out here).
      const prefix = `CognitoIdentityServiceProvider.${stack.shortClientId}.${username}`
      const written = setCookies.filter(c => c.value !== '' && c.attributes['max-age'] !== '0')
      expect(written.map(c => c.name)).toEqual(expect.arrayContaining([`${prefix}.accessToken`, `${prefix}.idToken`]))
      const access = written.find(c => c.name === `${prefix}.accessToken`)!
      expect(access.value).not.toBe(suffix(jar, 'accessToken')[1])
      expect(jwtPayload(access.value).exp as number).toBeGreaterThan(Date.now() / 1000 + 30)
      // The configured attributes, on every cookie written.
      for (const cookie of setCookies) {
        expect(cookie.attributes).toMatchObject({ 'domain': 'app.example.test', 'path': '/', 'samesite': 'Strict', 'secure': true, 'max-age': '7200' })
      }
    }

    // The browser stores the new cookies; its next request needs no refresh.
    const next = applySetCookies(routeJar, route.headers.getSetCookie())
    const again = await fetch('/api/session', { headers: { cookie: cookieHeader(next) } })
    expect((await again.json()).username).toBe('alice')
    expect(again.headers.getSetCookie()).toEqual([])
    expect((shim.counts().GetTokensFromRefreshToken ?? 0) - before).toBe(2)
  })
})
