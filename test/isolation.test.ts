import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack } from './support/stack-data'
import { createUsers, startPrivateShim } from './support/stack'
import { cookieHeader, signInCookies } from './support/sign-in'
import { jwtPayload, parseSetCookies } from './support/cookies'
import { withCookie } from './support/forge'

// 60 users, 1,000 concurrent requests (50 in flight at a time) mixed over a plain Amplify route, a
// route with two Amplify calls and a server-rendered page. Every 5th user's tokens count as expired
// (a 2-day clockDrift cookie), so their requests refresh in the middle of the load. Each response
// must name its own user, and refreshed cookies must carry that same user. A private shim keeps the
// refresh traffic away from other test files' counters.
const { stack, shim } = await startPrivateShim(loadStack())
afterAll(() => shim.stop())
await setup(fixtureSetup('basic', {
  NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
}))

const USERS = 60
const REQUESTS = 1000
const CONCURRENCY = 50

interface Result { username: string, path: string, status: number, named: string | null, refreshedFor: string | null }

async function call(username: string, jar: Record<string, string>, path: string): Promise<Result> {
  const response = await fetch(path, { headers: { cookie: cookieHeader(jar) } })
  const body = await response.text()
  const named = path === '/'
    ? /Hello, (.+?)!/.exec(body)?.[1] ?? null
    : (JSON.parse(body) as { username?: string }).username ?? null
  const access = parseSetCookies(response.headers.getSetCookie()).find(c => c.name.endsWith('.accessToken'))
  const refreshedFor = access ? jwtPayload(access.value).username as string : null
  return { username, path, status: response.status, named, refreshedFor }
}

describe('isolation under load', () => {
  it(`${USERS} users, ${REQUESTS} concurrent requests over routes and pages, some refreshing mid-flight: zero cross-talk`, { timeout: 300_000 }, async () => {
    const users = await createUsers(stack, USERS)
    const jars: Record<string, string>[] = []
    for (const [i, user] of users.entries()) {
      const jar = await signInCookies(stack, { username: user.username, password: user.password })
      jars.push(i % 5 === 0 ? withCookie(jar, 'clockDrift', String(2 * 24 * 3600 * 1000)) : jar)
    }
    const paths = ['/api/me', '/api/session', '/']
    const plan = Array.from({ length: REQUESTS }, (_, i) => ({ user: (i * 7) % USERS, path: paths[i % paths.length]! }))

    const results: Result[] = []
    let next = 0
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < plan.length) {
        const { user, path } = plan[next++]!
        results.push(await call(users[user]!.username, jars[user]!, path))
      }
    }))

    expect(results).toHaveLength(REQUESTS)
    expect(results.filter(r => r.status !== 200)).toEqual([])
    expect(results.filter(r => r.named !== r.username)).toEqual([])
    const refreshed = results.filter(r => r.refreshedFor !== null)
    expect(refreshed.filter(r => r.refreshedFor !== r.username)).toEqual([])
    // Every request of an "expired" user refreshed; nobody else's did.
    expect(refreshed.length).toBe(plan.filter(p => p.user % 5 === 0).length)
  })
})
