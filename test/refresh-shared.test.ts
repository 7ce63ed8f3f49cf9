import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadStack, stackUser } from './support/stack-data'
import { startPrivateShim } from './support/stack'
import { startBasicServer, refreshTokenWorks } from './support/fixture-server'
import type { RunningServer } from './support/compat'
import { cookieHeader, signInCookies } from './support/sign-in'
import { PREFIX, RouteClient } from './support/auth-routes'
import { jwtPayload, parseSetCookies } from './support/cookies'

// One expired session, many requests at once (a page that fires several fetches right after its
// access token expired): one server process refreshes once, every answer is that user, and every
// answer writes the same new cookies. Both session modes, each on its own process of the basic build
// (`short` app client, 60 s tokens), behind a private shim so the refreshes counted are this file's;
// with the shim's refresh-token rotation off and on (on: the old refresh token is dead after one use).
const { stack, shim } = await startPrivateShim(loadStack())
const USER = 'alice'
const env = {
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.shortClientId } } }),
  NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
}
const servers: Record<'browser' | 'server', RunningServer> = {} as never
afterAll(async () => {
  await Promise.all(Object.values(servers).map(server => server.stop()))
  await shim.stop()
})

const SCENARIOS = [
  ...[false, true].flatMap(rotation => [10, 50].flatMap(requests => (['browser', 'server'] as const).map(mode => ({ mode, requests, rotation })))),
]
const refreshes = () => shim.counts().GetTokensFromRefreshToken ?? 0
const tokenName = (name: string) => name.match(/\.(accessToken|idToken|refreshToken)$/)?.[1]
/** The jar's own cookie of a kind (accessToken, refreshToken…). */
const jarToken = (jar: Record<string, string>, kind: string) => Object.entries(jar).find(([name]) => tokenName(name) === kind)![1]

/** A signed-in jar of the mode: browser sessions as browser Amplify writes them, server sessions through the sign-in route. */
async function signIn(mode: 'browser' | 'server'): Promise<Record<string, string>> {
  const { password } = stackUser(stack, USER)
  if (mode === 'browser') return signInCookies(stack, { username: USER, password, clientId: stack.shortClientId })
  const client = new RouteClient(servers.server.url)
  expect((await client.post('signIn', { username: USER, password })).body).toMatchObject({ isSignedIn: true })
  return client.jar
}

const jars: Array<Record<string, string>> = []
beforeAll(async () => {
  servers.browser = await startBasicServer(env)
  servers.server = await startBasicServer({ ...env, NUXT_PUBLIC_AMPLIFY_SESSION: 'server' })
  for (const scenario of SCENARIOS) jars.push(await signIn(scenario.mode))
  // Wait until Amplify (5 s tolerance) counts every one of them expired.
  const exp = Math.max(...jars.map(jar => jwtPayload(jarToken(jar, 'accessToken')).exp as number))
  await new Promise(resolve => setTimeout(resolve, Math.max(0, exp * 1000 - 4_000 - Date.now())))
}, 180_000)

/** What one request answered as: the user it names, from a server route, the SSR page or the session route. */
async function answeredAs(base: string, path: string, cookie: string): Promise<{ user: string | undefined, setCookies: string[] }> {
  const response = await fetch(new URL(path, base), { headers: { cookie, 'sec-fetch-site': 'same-origin' } })
  const text = await response.text()
  const user = path === '/' ? text.match(/Hello, ([^!<]+)!/)?.[1] : JSON.parse(text).username
  return { user, setCookies: response.headers.getSetCookie() }
}

describe('one refresh per session across the concurrent requests of one process', () => {
  it.each(SCENARIOS.map((scenario, index) => ({ ...scenario, index })))('$requests requests of one expired session, $mode sessions, rotation $rotation → one refresh', { timeout: 60_000 }, async ({ mode, requests, rotation, index }) => {
    shim.configure({ rotateRefreshTokens: rotation })
    const jar = jars[index]!
    const base = servers[mode].url
    // A server route, the server-rendered page, and in server sessions the session route browser Amplify asks.
    const paths = mode === 'server' ? ['/api/session', '/', `${PREFIX}/session`] : ['/api/session', '/']
    const before = refreshes()
    const answers = await Promise.all(Array.from({ length: requests }, (_, i) => answeredAs(base, paths[i % paths.length]!, cookieHeader(jar))))

    expect(refreshes() - before).toBe(1)
    expect(answers.map(answer => answer.user)).toEqual(Array(requests).fill(USER))
    // One consistent set of new tokens: every answer writes the same value for each token cookie, none deletes one.
    const written = new Map<string, Set<string>>()
    for (const answer of answers) {
      for (const cookie of parseSetCookies(answer.setCookies)) {
        const kind = tokenName(cookie.name)
        if (!kind) continue
        expect(cookie.value).not.toBe('')
        written.set(kind, (written.get(kind) ?? new Set()).add(cookie.value))
      }
    }
    for (const kind of ['accessToken', 'idToken']) {
      expect(written.get(kind)?.size).toBe(1)
      expect([...written.get(kind)!][0]).not.toBe(jarToken(jar, kind))
    }
    if (rotation) {
      // Cognito's rotation: one new refresh token for all, and the old one is refused from now on.
      expect(written.get('refreshToken')?.size).toBe(1)
      expect([...written.get('refreshToken')!][0]).not.toBe(jarToken(jar, 'refreshToken'))
      expect(await refreshTokenWorks(stack, stack.shortClientId, jarToken(jar, 'refreshToken'))).toBe(false)
      expect(await refreshTokenWorks(stack, stack.shortClientId, [...written.get('refreshToken')!][0]!)).toBe(true)
    }
    else {
      // Without rotation the refresh token stays (written again at most, with its old value).
      expect([...written.get('refreshToken') ?? []].every(value => value === jarToken(jar, 'refreshToken'))).toBe(true)
    }
  })
})
