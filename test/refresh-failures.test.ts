import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { createUser, DEFAULT_PASSWORD, startPrivateShim } from './support/stack'
import { cookieHeader, signInCookies } from './support/sign-in'
import { applySetCookies, parseSetCookies } from './support/cookies'
import { cookieOf, withCookie } from './support/forge'

// Refresh under failure, on a private shim so that its modes and call counts are this file's alone.
// A token is made "expired" for Amplify without waiting: Amplify refreshes when
// now + clockDrift + 5 s > exp, and a positive clockDrift cookie is honoured (it can only make the
// server refresh earlier; see cookie-validator.ts). The server waits at most 1.5 s for Cognito.
const shared = loadStack()
const { stack, shim } = await startPrivateShim(shared)
afterAll(() => shim.stop())
afterEach(() => {
  shim.configure({ mode: 'normal', delayMs: 0 })
})
await setup(fixtureSetup('basic', {
  NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
  // The tokens' issuer is the run-wide shim; keys are fetched through this private one (counted here).
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
  NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: '1500',
}))

const signIn = (username = 'alice') => signInCookies(stack, { username, password: stackUser(stack, username).password })
/** The jar, with a clockDrift that makes Amplify treat its (24 h) tokens as expired. */
const expiring = (jar: Record<string, string>) => withCookie(jar, 'clockDrift', String(2 * 24 * 3600 * 1000))
const refreshes = () => shim.counts().GetTokensFromRefreshToken ?? 0

function expectNoDuplicateCookies(response: Response) {
  const names = parseSetCookies(response.headers.getSetCookie()).map(c => c.name)
  expect(new Set(names).size).toBe(names.length)
}

/** The token cookies this response deletes (Max-Age=0). */
function deletedCookies(response: Response): string[] {
  return parseSetCookies(response.headers.getSetCookie()).filter(c => c.attributes['max-age'] === '0').map(c => c.name.split('.').pop()!)
}

describe('one refresh per request', () => {
  it('three concurrent fetchAuthSession calls and a getCurrentUser with an expired token: one refresh, one Set-Cookie per name', async () => {
    const jar = expiring(await signIn())
    const before = refreshes()
    const response = await fetch('/api/concurrent', { headers: { cookie: cookieHeader(jar) } })
    expect(await response.json()).toEqual({ username: 'alice', accessTokens: 1 })
    expect(refreshes() - before).toBe(1)
    expectNoDuplicateCookies(response)
    expect(parseSetCookies(response.headers.getSetCookie()).some(c => c.name.endsWith('.accessToken'))).toBe(true)
  })

  it('a page and the routes it shares a request with refresh once', async () => {
    const jar = expiring(await signIn('bob@example.com'))
    const before = refreshes()
    const page = await fetch('/', { headers: { cookie: cookieHeader(jar) } })
    expect(await page.text()).toContain('Hello, bob@example.com!')
    expect(refreshes() - before).toBe(1)
    expectNoDuplicateCookies(page)
  })

  it('the signing keys are fetched once for all of this server\'s requests', () => {
    expect(shim.counts().jwks).toBe(1)
  })
})

describe('refused refresh', () => {
  it('an unknown refresh token: token cookies deleted on that response, request anonymous', async () => {
    const jar = withCookie(expiring(await signIn()), 'refreshToken', 'not-a-refresh-token')
    const response = await fetch('/api/user', { headers: { cookie: cookieHeader(jar) } })
    expect(await response.json()).toEqual({ user: null })
    expect(deletedCookies(response)).toEqual(expect.arrayContaining(['accessToken', 'idToken', 'refreshToken', 'LastAuthUser']))
    expectNoDuplicateCookies(response)
  })

  it('a revoked refresh token: the guard answers 401 and the cookies are deleted', async () => {
    const jar = await signIn()
    const revoke = await globalThis.fetch(stack.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.RevokeToken' },
      body: JSON.stringify({ ClientId: stack.clientId, Token: cookieOf(jar, 'refreshToken') }),
    })
    expect(revoke.status).toBe(200)
    const response = await fetch('/api/protected', { headers: { cookie: cookieHeader(expiring(jar)), accept: 'application/json' } })
    expect(response.status).toBe(401)
    expect(deletedCookies(response)).toEqual(expect.arrayContaining(['accessToken', 'idToken', 'refreshToken']))
  })
})

describe('Cognito down or slow', () => {
  for (const mode of ['hang', 'error500', 'reset'] as const) {
    it(`${mode}: the guard answers 503 JSON, getAmplifyUser null, the page renders signed out; tokens are kept`, async () => {
      const jar = expiring(await signIn())
      shim.configure({ mode })
      const guarded = await fetch('/api/protected', { headers: { cookie: cookieHeader(jar), accept: 'application/json' } })
      expect(guarded.status).toBe(503)
      expect(guarded.headers.get('retry-after')).toBe('5')
      expect(await guarded.json()).toMatchObject({ statusCode: 503, message: 'Sign-in service unavailable. Try again shortly.' })
      expect(deletedCookies(guarded)).toEqual([]) // an outage is no reason to sign the user out

      const plain = await fetch('/api/me', { headers: { cookie: cookieHeader(jar), accept: 'application/json' } })
      expect(plain.status).toBe(503)
      expect(await (await fetch('/api/user', { headers: { cookie: cookieHeader(jar) } })).json()).toEqual({ user: null })
      const page = await fetch('/', { headers: { cookie: cookieHeader(jar) } })
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('Not signed in')

      shim.configure({ mode: 'normal' })
      expect(await (await fetch('/api/user', { headers: { cookie: cookieHeader(jar) } })).json()).toMatchObject({ user: { username: 'alice' } })
    })
  }

  it('slow Cognito within the timeout: the refresh completes', async () => {
    const jar = expiring(await signIn())
    shim.configure({ delayMs: 300 })
    expect(await (await fetch('/api/user', { headers: { cookie: cookieHeader(jar) } })).json()).toMatchObject({ user: { username: 'alice' } })
  })
})

describe('id tokens over 4 KB', () => {
  /**
   * The jar as the browser holds it: the module's browser storage writes an id token too large for
   * one cookie as `<name>.0`, `<name>.1`, … (docs/security.md, "Large tokens"). Written here
   * by hand, in 3,000-character pieces (a JWT is ASCII, so each piece is also its URL-encoded
   * length): the server must join whatever contiguous chunks it gets, not only its own split.
   */
  function chunked(jar: Record<string, string>): Record<string, string> {
    const [name, value] = Object.entries(jar).find(([n]) => n.endsWith('.idToken'))!
    const { [name]: _plain, ...rest } = jar
    const pieces = value.match(/[\s\S]{1,3000}/g)!
    return { ...rest, ...Object.fromEntries(pieces.map((piece, i) => [`${name}.${i}`, piece])) }
  }
  /**
   * A user of this test alone whose id token is over 4 KB: cognito-local puts custom attributes in
   * the id token, and 2,048 two-byte characters make it ~6 KB. Signed in, the jar checked big.
   */
  async function signInBig() {
    const big = { username: `big-${randomUUID()}`, email: 'big@example.com', name: 'Big Token', password: DEFAULT_PASSWORD }
    await createUser(stack, big, { 'custom:bio': 'é'.repeat(2048), 'custom:tenant': 't'.repeat(256) })
    const jar = await signInCookies(stack, { username: big.username, password: big.password })
    expect(Object.entries(jar).find(([n]) => n.endsWith('.idToken'))![1].length).toBeGreaterThan(4096)
    return { jar, username: big.username }
  }

  it('a session whose id token is split into chunks is read whole', async () => {
    const big = await signInBig()
    const jar = chunked(big.jar)
    expect(Object.keys(jar).filter(n => n.includes('.idToken.')).length).toBeGreaterThan(1)
    const session = await (await fetch('/api/session', { headers: { cookie: cookieHeader(jar) } })).json()
    expect(session).toMatchObject({ username: big.username, idTokenUser: big.username })
  })

  it('a refresh writes the new id token as chunks that each fit a browser cookie; the next request needs no refresh', async () => {
    const big = await signInBig()
    const jar = expiring(chunked(big.jar))
    const response = await fetch('/api/session', { headers: { cookie: cookieHeader(jar) } })
    expect((await response.json()).idTokenUser).toBe(big.username)
    expectNoDuplicateCookies(response)
    const headers = response.headers.getSetCookie()
    for (const header of headers) expect(header.split(';')[0]!.length).toBeLessThan(4096)
    const written = parseSetCookies(headers).filter(c => c.attributes['max-age'] !== '0').map(c => c.name)
    expect(written.some(n => n.endsWith('.idToken'))).toBe(false)
    expect(written.filter(n => /\.idToken\.\d+$/.test(n)).length).toBeGreaterThan(1)

    const before = refreshes()
    const next = await fetch('/api/session', { headers: { cookie: cookieHeader(applySetCookies(jar, headers)) } })
    expect((await next.json()).idTokenUser).toBe(big.username)
    expect(next.headers.getSetCookie()).toEqual([])
    expect(refreshes()).toBe(before)
  })

  it('a refused refresh deletes every chunk', async () => {
    const jar = withCookie(expiring(chunked((await signInBig()).jar)), 'refreshToken', 'revoked')
    const chunks = Object.keys(jar).filter(n => /\.idToken\.\d+$/.test(n))
    const response = await fetch('/api/user', { headers: { cookie: cookieHeader(jar) } })
    expect(await response.json()).toEqual({ user: null })
    const deleted = parseSetCookies(response.headers.getSetCookie()).filter(c => c.attributes['max-age'] === '0').map(c => c.name)
    expect(deleted).toEqual(expect.arrayContaining(chunks))
  })
})
