import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { fetch, getServerLogs, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { startPrivateShim } from './support/stack'
import { cookieHeader, signInCookies } from './support/sign-in'
import { withCookie } from './support/forge'

// A refresh that outlasts `cognitoTimeout`, and a session that cannot be refreshed at all. On a
// private shim (its delay and call counts are this file's alone). Tokens are made "expired" for
// Amplify with a clockDrift cookie, as in refresh-failures.test.ts.
const shared = loadStack()
const { stack, shim } = await startPrivateShim(shared)
afterAll(() => shim.stop())
afterEach(() => {
  shim.configure({ mode: 'normal', delayMs: 0 })
})
const TIMEOUT_MS = 800
const COGNITO_DELAY_MS = 1200
await setup(fixtureSetup('basic', {
  NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
  NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: String(TIMEOUT_MS),
}))

const signIn = () => signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
const expiring = (jar: Record<string, string>) => withCookie(jar, 'clockDrift', String(2 * 24 * 3600 * 1000))
const refreshes = () => shim.counts().GetTokensFromRefreshToken ?? 0
/** The names (last segment) of the cookies a response deletes, read straight from the header. */
const deleted = (response: Response) => response.headers.getSetCookie()
  .filter(header => /;\s*max-age=0(?:;|$)/i.test(header))
  .map(header => header.slice(0, header.indexOf('=')).split('.').pop())

describe('a refresh slower than cognitoTimeout', () => {
  it('later calls in the request stay anonymous and start no second refresh', async () => {
    const jar = expiring(await signIn())
    shim.configure({ delayMs: COGNITO_DELAY_MS })
    const before = refreshes()
    const response = await fetch('/api/after-outage?wait=0', { headers: { cookie: cookieHeader(jar) } })
    expect(await response.json()).toEqual({ first: null, later: null })
    expect(refreshes() - before).toBe(1)
  })

  it('stays anonymous after the timed-out refresh has finished in the background', async () => {
    const jar = expiring(await signIn())
    shim.configure({ delayMs: COGNITO_DELAY_MS })
    const before = refreshes()
    // The second ask comes after the first refresh has answered (800 ms timeout + 1,000 ms > 1,200 ms).
    const response = await fetch(`/api/after-outage?wait=${COGNITO_DELAY_MS}`, { headers: { cookie: cookieHeader(jar) } })
    expect(await response.json()).toEqual({ first: null, later: null })
    expect(refreshes() - before).toBe(1)
  })

  it('the guard answers 503 and the outage is logged once per interval, not once per request', async () => {
    const started = Date.now()
    shim.configure({ delayMs: COGNITO_DELAY_MS })
    for (let i = 0; i < 3; i++) {
      const response = await fetch('/api/protected', { headers: { cookie: cookieHeader(expiring(await signIn())), accept: 'application/json' } })
      expect(response.status).toBe(503)
    }
    const lines = getServerLogs().filter(line => line.includes('Cognito unavailable'))
    expect(lines.length).toBeGreaterThanOrEqual(1)
    expect(lines.length).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / 60_000))
  })
})

describe('an expired access token without a refresh token', () => {
  it('is anonymous, its cookies are deleted on that response, and nothing is logged per request', async () => {
    const jar = expiring(await signIn())
    const noRefresh = Object.fromEntries(Object.entries(jar).filter(([name]) => !name.endsWith('.refreshToken')))
    const before = refreshes()
    for (let i = 0; i < 3; i++) {
      const response = await fetch('/api/user', { headers: { cookie: cookieHeader(noRefresh) } })
      expect(await response.json()).toEqual({ user: null })
      expect(deleted(response)).toEqual(expect.arrayContaining(['accessToken', 'idToken', 'LastAuthUser', 'clockDrift']))
    }
    expect(refreshes()).toBe(before) // nothing to refresh with: Cognito is not asked
    expect(getServerLogs().filter(line => /implicit grant|Token refresh failed/.test(line))).toEqual([])
  })
})
