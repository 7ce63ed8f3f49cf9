import { describe, expect, it } from 'vitest'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import fc from 'fast-check'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { algNone, cookieOf, tamper } from './support/forge'

// Property: whatever cookie jar a client sends, the server answers 200 (anonymous or a genuine
// user), 401 (the guard) or 302 (a redirect), never a 500 or a hang. Jars are generated from
// random names and values, Amplify's own cookie names, genuine tokens cut short, tampered,
// re-headed as alg none, duplicated names and large headers. Verification is on (the default).
// A second property: a jar can only ever name the user whose genuine access token it carries.
await setup(fixtureSetup('basic'))
const stack = loadStack()
const alice = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
const prefix = `CognitoIdentityServiceProvider.${stack.clientId}`
const genuine = cookieOf(alice, 'accessToken')

const suffixes = ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails', 'LastAuthUser', 'idToken.0', 'idToken.1']
const usernames = fc.oneof(fc.constant('alice'), fc.constant('bob@example.com'), fc.string({ maxLength: 20 }))
const name = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.tuple(usernames, fc.constantFrom(...suffixes)).map(([user, suffix]) => suffix === 'LastAuthUser' ? `${prefix}.LastAuthUser` : `${prefix}.${user}.${suffix}`),
)
const tokenish = fc.oneof(
  fc.constant(genuine),
  fc.nat({ max: genuine.length }).map(n => genuine.slice(0, n)), // truncated
  fc.constant(algNone(genuine)),
  fc.string({ maxLength: 8 }).map(s => tamper(genuine, { username: s })),
  fc.tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 60 })).map(parts => parts.join('.')),
)
// signInDetails as Amplify writes it ({ loginId, authFlowType }) with forged login ids and flows,
// extra keys, and nested arrays (which a cookie carries unencoded) thousands of levels deep.
const signInDetails = fc.oneof(
  fc.record({
    loginId: fc.oneof(fc.constantFrom('alice', 'ALICE', 'alice@example.com', 'bob@example.com', 'admin@corp.example'), fc.string({ maxLength: 20 })),
    authFlowType: fc.constantFrom('USER_PASSWORD_AUTH', 'USER_SRP_AUTH', 'ADMIN', ''),
    role: fc.constant('admin'),
  }, { requiredKeys: [] }).map(details => JSON.stringify(details)),
  fc.nat({ max: 5000 }).map(depth => `{"loginId":"alice","x":${'['.repeat(depth)}${']'.repeat(depth)}}`),
)
const value = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 20 }), tokenish, signInDetails, fc.integer().map(String), fc.nat({ max: 3000 }).map(n => 'x'.repeat(n)))
/** Cookie name/value text that fetch accepts in a header (no control characters). */
const headerSafe = (s: string) => encodeURIComponent(s).replace(/%(2[346B]|40|5E|60|7C)/g, decodeURIComponent)
const aliceDetails = fc.tuple(fc.constant(`${prefix}.alice.signInDetails`), signInDetails)
const jar = fc.array(fc.oneof(fc.tuple(name, value), aliceDetails), { maxLength: 12 }).chain(entries => fc.tuple(
  fc.constant(entries),
  fc.boolean(), // send some entries twice, with the genuine token first or last
))
  .map(([entries, duplicate]) => {
    const parts = entries.map(([n, v]) => `${headerSafe(n)}=${headerSafe(v)}`)
    return (duplicate ? [...parts, ...parts.slice().reverse()] : parts).join('; ')
  })
  // Node refuses headers over 16 KB with 431 before any app code runs (security.test.ts covers that).
  .filter(header => header.length < 12_000)

describe('hostile cookie jars (fast-check)', () => {
  it('a server route, the guard and an SSR page answer only 200/401/302', { timeout: 240_000 }, async () => {
    await fc.assert(fc.asyncProperty(jar, fc.constantFrom('/api/user', '/api/protected', '/api/me', '/'), async (cookie, path) => {
      const response = await fetch(path, { headers: { cookie, accept: path === '/' ? 'text/html' : 'application/json' }, redirect: 'manual' })
      const body = await response.text()
      expect([200, 401, 302]).toContain(response.status)
      expect(body).not.toMatch(/at .*\.(m?js|ts):\d+/)
    }), { numRuns: 200 })
  })

  it('only a genuine session names a user, it names its own, and its login id is one of that user\'s', { timeout: 240_000 }, async () => {
    // Alice's jar without her signInDetails, so that the generated one (if any) is what the server reads.
    const aliceSession = cookieHeader(Object.fromEntries(Object.entries(alice).filter(([n]) => !n.endsWith('.signInDetails'))))
    await fc.assert(fc.asyncProperty(jar, fc.boolean(), async (noise, withAlice) => {
      const cookie = withAlice ? `${aliceSession}; ${noise}` : noise
      const response = await fetch('/api/user', { headers: { cookie } })
      expect(response.status).toBe(200)
      const { user } = await response.json() as { user: { username: string, signInDetails?: { loginId?: string } } | null }
      // Noise may carry alice's genuine access token (the generator uses it); nothing else can name anyone.
      expect(user === null || user.username === 'alice').toBe(true)
      if (withAlice) expect(user?.username).toBe('alice')
      // The login id, if any, is one alice signs in with: her username or her e-mail (any case).
      const loginId = user?.signInDetails?.loginId
      if (loginId !== undefined) expect(['alice', 'alice@example.com']).toContain(loginId.toLowerCase())
    }), { numRuns: 100 })
  })
})
