import { describe, expect, it } from 'vitest'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, encodeCookieName, signInCookies } from './support/sign-in'
import { algNone, cookieOf, emulatorKey, resign, strangerKey, tamper, withCookie } from './support/forge'
import { jwtPayload } from './support/cookies'

// Hostile cookies against the default configuration (verification on). Every case must end as a
// clean anonymous request: 200 `{ user: null }` from getAmplifyUser, 401 JSON from the guard and
// from a plain getCurrentUser route, "Not signed in" from the page. Never a 500.
await setup(fixtureSetup('basic'))
const stack = loadStack()

const signIn = (username: string, clientId = stack.clientId) => signInCookies(stack, { username, password: stackUser(stack, username).password, clientId })
const alice = await signIn('alice')
const bob = await signIn('bob@example.com')

async function whoIs(cookie: string): Promise<string | null> {
  const response = await fetch('/api/user', { headers: { cookie } })
  expect(response.status).toBe(200)
  return ((await response.json()) as { user: { username: string } | null }).user?.username ?? null
}

/** Asserts the jar reads as signed out everywhere: user route, guard, plain Amplify route, page. */
async function expectAnonymous(jar: Record<string, string> | string) {
  const cookie = typeof jar === 'string' ? jar : cookieHeader(jar)
  expect(await whoIs(cookie)).toBeNull()
  for (const path of ['/api/protected', '/api/me']) {
    const response = await fetch(path, { headers: { cookie, accept: 'application/json' } })
    expect(response.status).toBe(401)
    const body = await response.text()
    expect(JSON.parse(body).statusCode).toBe(401)
    expect(body).not.toMatch(/at .*\.(m?js|ts):\d+/) // no stack trace
  }
  const page = await fetch('/', { headers: { cookie } })
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('Not signed in')
}

describe('token verification', () => {
  it('genuine cookies sign in (the control for every case below)', async () => {
    expect(await whoIs(cookieHeader(alice))).toBe('alice')
  })

  it('a token signed by another key with the same kid reads as absent', async () => {
    const key = await strangerKey()
    await expectAnonymous(withCookie(alice, 'accessToken', await resign(cookieOf(alice, 'accessToken'), key)))
    const both = withCookie(withCookie(alice, 'accessToken', await resign(cookieOf(alice, 'accessToken'), key)), 'idToken', await resign(cookieOf(alice, 'idToken'), key))
    await expectAnonymous(both)
  })

  it('a tampered payload (alice\'s signature, bob\'s name) reads as absent', async () => {
    await expectAnonymous(withCookie(alice, 'accessToken', tamper(cookieOf(alice, 'accessToken'), { username: 'bob@example.com', sub: jwtPayload(cookieOf(bob, 'accessToken')).sub as string })))
  })

  it('alg: none reads as absent', async () => {
    await expectAnonymous(withCookie(alice, 'accessToken', algNone(cookieOf(alice, 'accessToken'))))
  })

  it('bad base64 and non-JWT garbage read as absent', async () => {
    for (const garbage of ['abc.def!!.ghi', 'not-a-jwt', '...', '%%%', 'e30.e30.e30', `${'a'.repeat(3000)}.b.c`]) {
      await expectAnonymous(withCookie(alice, 'accessToken', garbage))
    }
  })

  it('emulator-signed tokens with the wrong issuer, token_use or client id read as absent', async () => {
    const key = await emulatorKey()
    const access = cookieOf(alice, 'accessToken')
    // Control: re-signed unchanged by the emulator's key, the token is accepted.
    expect(await whoIs(cookieHeader(withCookie(alice, 'accessToken', await resign(access, key))))).toBe('alice')
    await expectAnonymous(withCookie(alice, 'accessToken', await resign(access, key, { iss: `${stack.issuerDomain}/us-east-1_OtherPool` })))
    await expectAnonymous(withCookie(alice, 'accessToken', await resign(access, key, { client_id: stack.shortClientId })))
    await expectAnonymous(withCookie(alice, 'accessToken', await resign(access, key, { token_use: 'id' })))
    await expectAnonymous(withCookie(alice, 'accessToken', cookieOf(alice, 'idToken'))) // an id token where the access token goes
  })

  it('genuine tokens of another app client, moved under this client\'s cookie names, read as absent', async () => {
    const other = await signIn('alice', stack.shortClientId)
    const moved = Object.fromEntries(Object.entries(other).map(([name, value]) => [name.replace(stack.shortClientId, stack.clientId), value]))
    await expectAnonymous(moved)
  })

  it('a token that is not valid yet (`nbf` an hour ahead) reads as absent', async () => {
    const key = await emulatorKey()
    const access = cookieOf(alice, 'accessToken')
    const now = Math.floor(Date.now() / 1000)
    // Control: the same token with `nbf` in the past is accepted.
    expect(await whoIs(cookieHeader(withCookie(alice, 'accessToken', await resign(access, key, { nbf: now - 60 }))))).toBe('alice')
    await expectAnonymous(withCookie(alice, 'accessToken', await resign(access, key, { nbf: now + 3600 })))
  })

  it('an expired token cannot be kept alive with a negative clockDrift', async () => {
    const key = await emulatorKey()
    const expired = await resign(cookieOf(alice, 'accessToken'), key, { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 })
    const { [Object.keys(alice).find(n => n.endsWith('.refreshToken'))!]: _refresh, ...noRefresh } = alice
    await expectAnonymous(withCookie(withCookie(noRefresh, 'accessToken', expired), 'clockDrift', String(-10 * 365 * 24 * 3600 * 1000)))
  })
})

describe('broken and hostile cookie jars', () => {
  it('a LastAuthUser without tokens is anonymous', async () => {
    await expectAnonymous({ [`CognitoIdentityServiceProvider.${stack.clientId}.LastAuthUser`]: 'alice' })
    await expectAnonymous({ [`CognitoIdentityServiceProvider.${stack.clientId}.LastAuthUser`]: '../../etc/passwd' })
  })

  it('garbage clockDrift and signInDetails do not break a genuine session', async () => {
    for (const drift of ['abc', '', 'NaN', '1e400', '-1', '9'.repeat(400)]) {
      expect(await whoIs(cookieHeader(withCookie(alice, 'clockDrift', drift)))).toBe('alice')
    }
    expect(await whoIs(cookieHeader(withCookie(alice, 'signInDetails', '{not json')))).toBe('alice')
  })

  it('duplicated cookie names: the first one counts, as in browsers', async () => {
    const name = encodeCookieName(Object.keys(alice).find(n => n.endsWith('.accessToken'))!)
    const genuine = cookieOf(alice, 'accessToken')
    const forged = await resign(genuine, await strangerKey())
    expect(await whoIs(`${name}=${genuine}; ${cookieHeader(alice)}; ${name}=${forged}`)).toBe('alice')
    await expectAnonymous(`${name}=${forged}; ${cookieHeader(alice)}`)
  })

  it('an oversized Cookie header is anonymous or refused by Node (431), never a 500', async () => {
    const padding = Array.from({ length: 120 }, (_, i) => `junk${i}=${'x'.repeat(100)}`).join('; ')
    await expectAnonymous(padding)
    expect(await whoIs(`${padding}; ${cookieHeader(alice)}`)).toBe('alice')
    const huge = await fetch('/api/user', { headers: { cookie: `${padding}; big=${'y'.repeat(64 * 1024)}` } })
    expect(huge.status).toBe(431)
  })

  it('cookies of two users at once: the LastAuthUser\'s user, never a mix of both', async () => {
    expect(await whoIs(cookieHeader({ ...bob, ...alice }))).toBe('alice')
    expect(await whoIs(cookieHeader({ ...alice, ...bob }))).toBe('bob@example.com')
    // Bob's id token under alice's name: no session at all (an access token needs its own user's id
    // token beside it, so every reader agrees; session-claims.test.ts checks each reader).
    const mixed = withCookie(alice, 'idToken', cookieOf(bob, 'idToken'))
    const session = await (await fetch('/api/session', { headers: { cookie: cookieHeader(mixed) } })).json()
    expect(session).toMatchObject({ username: null, idTokenUser: null })
    await expectAnonymous(mixed)
  })
})
