import { describe, expect, it } from 'vitest'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { cookieOf, strangerKey, resign, withCookie, withoutCookie } from './support/forge'
import { jwtPayload } from './support/cookies'

// What the server believes about the user beyond the tokens' signatures, read by every reader a
// request has: getAmplifyUser (/api/user), requireAmplifyUser (/api/required-user), Amplify's own
// getCurrentUser (/api/me) and the user state of a server-rendered page (/user-state). The
// expected values come from what Amplify wrote at a real sign-in and from the tokens' claims.
await setup(fixtureSetup('basic'))
const stack = loadStack()
const signIn = (username: string) => signInCookies(stack, { username, password: stackUser(stack, username).password })
const alice = await signIn('alice')
const bob = await signIn('bob@example.com')
const aliceId = jwtPayload(cookieOf(alice, 'accessToken')).sub as string

interface Reading { user: { username?: string, userId?: string, signInDetails?: unknown } | null, status: number }
const noStack = (body: string) => expect(body).not.toMatch(/at .*\.(m?js|ts):\d+/)

/** What each reader says about the jar: the user (or null) and the HTTP status. */
async function readers(jar: Record<string, string>): Promise<Record<'getAmplifyUser' | 'requireAmplifyUser' | 'getCurrentUser' | 'page', Reading>> {
  const cookie = cookieHeader(jar)
  const json = async (path: string, pick: (body: Record<string, unknown>) => Reading['user']) => {
    const response = await fetch(path, { headers: { cookie, accept: 'application/json' } })
    const body = await response.text()
    noStack(body)
    return { status: response.status, user: response.status === 200 ? pick(JSON.parse(body)) : null }
  }
  const page = await fetch('/user-state', { headers: { cookie } })
  const html = await page.text()
  noStack(html)
  const shown = /<p id="state-user">\s*(\S+) \((\S+)\)/.exec(html)
  expect(shown || html.includes('id="state-anonymous"')).toBeTruthy() // the page itself rendered
  return {
    getAmplifyUser: await json('/api/user', body => body.user as Reading['user']),
    requireAmplifyUser: await json('/api/required-user', body => body.user as Reading['user']),
    // Amplify answers `{}` for tokens it cannot name a user from; that is no user.
    getCurrentUser: await json('/api/me', body => (Object.keys(body).length ? body : null) as Reading['user']),
    page: { status: page.status, user: shown ? { username: shown[1], userId: shown[2] } : null },
  }
}

async function expectEveryReader(jar: Record<string, string>, expected: { username: string, signInDetails?: unknown } | null) {
  const readings = await readers(jar)
  for (const [reader, { status, user }] of Object.entries(readings)) {
    if (!expected) {
      expect(user, reader).toBeNull()
      expect(status, reader).toBe(reader === 'getAmplifyUser' || reader === 'page' ? 200 : 401)
      continue
    }
    expect(status, reader).toBe(200)
    expect(user, reader).toMatchObject({ username: expected.username, userId: aliceId })
    if (reader !== 'page') expect(user!.signInDetails, reader).toEqual(expected.signInDetails)
  }
}

const details = (value: unknown) => withCookie(alice, 'signInDetails', typeof value === 'string' ? value : JSON.stringify(value))

describe('signInDetails: only what the verified tokens confirm', () => {
  it('the details Amplify wrote at sign-in are returned by every reader (the control)', async () => {
    const written = JSON.parse(cookieOf(alice, 'signInDetails'))
    expect(written).toEqual({ loginId: 'alice', authFlowType: 'USER_PASSWORD_AUTH' }) // what Amplify's signIn stores
    await expectEveryReader(alice, { username: 'alice', signInDetails: written })
  })

  it('a login id the tokens do not confirm is dropped; the session stays', async () => {
    for (const loginId of ['admin@corp.example', 'bob@example.com', 'alice ', 'alic', '']) {
      await expectEveryReader(details({ loginId, authFlowType: 'USER_PASSWORD_AUTH' }), { username: 'alice', signInDetails: undefined })
    }
  })

  it('a login id the id token names (e-mail, any case) is kept', async () => {
    expect(jwtPayload(cookieOf(alice, 'idToken')).email).toBe('alice@example.com')
    for (const loginId of ['alice@example.com', 'Alice@Example.COM', 'ALICE']) {
      const value = { loginId, authFlowType: 'USER_SRP_AUTH' }
      await expectEveryReader(details(value), { username: 'alice', signInDetails: value })
    }
  })

  it('anything but Amplify\'s shape is dropped: other flows, other keys, other types', async () => {
    for (const value of [
      { loginId: 'alice', authFlowType: 'ADMIN_NO_SRP_AUTH' },
      { loginId: 'alice', authFlowType: 'USER_PASSWORD_AUTH', isAdmin: true },
      { loginId: 'alice', authFlowType: ['USER_PASSWORD_AUTH'] },
      { loginId: ['alice'] },
      { loginId: { toString: 'alice' } },
      '{"loginId":"alice","__proto__":{"isAdmin":true}}',
      '["alice"]', '"alice"', 'null', '{not json',
    ]) {
      await expectEveryReader(details(value), { username: 'alice', signInDetails: undefined })
    }
  })

  it('deeply nested details: no 500, no stack, the session stays', async () => {
    // Nested arrays stay unencoded in a cookie ('[' and ']'), so thousands of levels fit in Node's
    // 16 KB header limit: the depths at which freezing and serialising the user overflowed the stack.
    const room = 15_500 - cookieHeader(alice).length
    for (const depth of [Math.floor(room / 2) - 40, 3000, 1500]) {
      const nested = `{"loginId":"alice","authFlowType":"USER_PASSWORD_AUTH","x":${'['.repeat(depth)}${']'.repeat(depth)}}`
      await expectEveryReader(details(nested), { username: 'alice', signInDetails: undefined })
    }
  })
})

describe('a session is an access token and an id token of the same user', () => {
  it('without a genuine id token of the same user, every reader says: nobody', async () => {
    const forged = await resign(cookieOf(alice, 'idToken'), await strangerKey())
    for (const jar of [
      withoutCookie(alice, 'idToken'),
      withCookie(alice, 'idToken', forged),
      withCookie(alice, 'idToken', cookieOf(bob, 'idToken')),
      withCookie(alice, 'idToken', 'not-a-jwt'),
    ]) {
      await expectEveryReader(jar, null)
    }
  })
})

describe('clockDrift written by the server', () => {
  it('after a refresh on the server, the clockDrift cookie is one the server itself accepts (a non-negative integer)', async () => {
    // A two-day drift makes Amplify treat the tokens as expired: the server refreshes and stores
    // Amplify's new drift (iat * 1000 - now: negative whenever iat, in whole seconds, is behind now).
    const jar = withCookie(alice, 'clockDrift', String(2 * 24 * 3600 * 1000))
    const response = await fetch('/api/user', { headers: { cookie: cookieHeader(jar) } })
    expect((await response.json() as Reading).user?.username).toBe('alice')
    const written = Object.fromEntries(response.headers.getSetCookie().map((header) => {
      const pair = header.split(';')[0]!
      return [decodeURIComponent(pair.slice(0, pair.indexOf('='))), decodeURIComponent(pair.slice(pair.indexOf('=') + 1))]
    }))
    const name = (suffix: string) => Object.keys(written).find(n => n.endsWith(`.alice.${suffix}`))
    expect(written[name('accessToken')!]).not.toBe(cookieOf(alice, 'accessToken')) // the refresh happened
    // The documented rule for the cookie (docs/security.md: "honoured only when it is a non-negative integer").
    expect(written[name('clockDrift')!]).toMatch(/^\d{1,12}$/)
  })
})
