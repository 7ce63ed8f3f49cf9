// The end-to-end scenarios of test/core.test.ts and test/refresh.test.ts, over plain HTTP, for any
// running build of an app with the basic fixture's routes and page (Nuxt 4, oldest aws-amplify,
// node-cluster, Amplify Hosting). Each compatibility cell calls this inside its own describe().
import { expect, it } from 'vitest'
import type { StackData } from './stack-data'
import { stackUser } from './stack-data'
import { cookieHeader, signInCookies } from './sign-in'
import { applySetCookies, jwtPayload, parseSetCookies } from './cookies'

/**
 * Amplify counts a token as expired when now + clockDrift + 5 s > exp. A `clockDrift` cookie two days
 * ahead makes the 24 h tokens of a fresh sign-in "expired" at once, so the server refreshes them with
 * the real refresh token, without waiting (the real 60 s expiry is covered by test/refresh.test.ts).
 */
export const EXPIRED_CLOCK_DRIFT = String(2 * 24 * 3600 * 1000)

export function withExpiredAccessToken(jar: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(jar).map(([name, value]) => [name, name.endsWith('.clockDrift') ? EXPIRED_CLOCK_DRIFT : value]))
}

export async function cookiesFor(stack: StackData, username: string): Promise<Record<string, string>> {
  return await signInCookies(stack, { username, password: stackUser(stack, username).password })
}

interface ScenarioOptions {
  url: () => string
  stack: () => StackData
}

async function get(base: string, path: string, cookie?: string) {
  return await fetch(`${base}${path}`, { headers: { accept: path.startsWith('/api') ? 'application/json' : 'text/html', ...(cookie && { cookie }) } })
}

/** Server route, SSR page, anonymous requests, refresh Set-Cookie and cross-user isolation. */
export function appScenarios({ url, stack }: ScenarioOptions) {
  const cookie = async (username: string) => cookieHeader(await cookiesFor(stack(), username))

  it('a server route returns the signed-in user from real Amplify cookies (also an e-mail username)', async () => {
    const alice = await (await get(url(), '/api/me', await cookie('alice'))).json()
    expect(alice.username).toBe('alice')
    expect(alice.userId).toMatch(/^[0-9a-f-]{36}$/)
    const bob = await (await get(url(), '/api/me', await cookie('bob@example.com'))).json()
    expect(bob.username).toBe('bob@example.com')
  })

  it('the callback style and repeated calls share the request\'s one context', async () => {
    const alice = await cookie('alice')
    expect(await (await get(url(), '/api/callback', alice)).json()).toEqual({ username: 'alice' })
    expect(await (await get(url(), '/api/session', alice)).json()).toMatchObject({ username: 'alice', sameContext: true, sameTokens: true })
  })

  it('anonymous: 401 JSON from the route, null from getAmplifyUser, 401 from requireAmplifyUser, "Not signed in" page', async () => {
    const me = await get(url(), '/api/me')
    expect(me.status).toBe(401)
    expect(await me.json()).toMatchObject({ statusCode: 401, message: 'Not signed in.' })
    expect(await (await get(url(), '/api/user')).json()).toEqual({ user: null })
    expect((await get(url(), '/api/protected')).status).toBe(401)
    expect(await (await get(url(), '/api/protected', await cookie('alice'))).json()).toEqual({ secret: 'for alice' })
    const page = await (await get(url(), '/')).text()
    expect(page).toContain('Not signed in')
    expect(page).not.toContain('Hello,')
  })

  it('the server-rendered page greets the signed-in user and sets no cookie when tokens are valid', async () => {
    const response = await get(url(), '/', await cookie('bob@example.com'))
    expect(await response.text()).toContain('Hello, bob@example.com!')
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('an expired access token is refreshed in a route and in a page; new tokens come back as Set-Cookie', async () => {
    for (const [path, username] of [['/api/session', 'alice'], ['/', 'bob@example.com']] as const) {
      const jar = withExpiredAccessToken(await cookiesFor(stack(), username))
      const response = await get(url(), path, cookieHeader(jar))
      expect(response.status).toBe(200)
      const body = await response.text()
      expect(path === '/' ? body : JSON.parse(body).username).toContain(username)

      // One Set-Cookie header per cookie: browsers read a folded header as one cookie.
      for (const header of response.headers.getSetCookie()) expect(header.match(/CognitoIdentityServiceProvider\./g)).toHaveLength(1)
      const setCookies = parseSetCookies(response.headers.getSetCookie())
      const names = setCookies.map(c => c.name)
      expect(new Set(names).size).toBe(names.length) // no cookie written twice
      const access = setCookies.find(c => c.name.endsWith('.accessToken'))
      expect(access, `Set-Cookie of ${path}: ${names.join(', ')}`).toBeDefined()
      const old = Object.entries(jar).find(([name]) => name.endsWith('.accessToken'))![1]
      expect(access!.value).not.toBe(old)
      expect(jwtPayload(access!.value).username).toBe(username)
      expect(names.some(n => n.endsWith('.idToken'))).toBe(true)

      // The browser keeps the new cookies; with them the next request needs no refresh.
      const next = applySetCookies(jar, response.headers.getSetCookie())
      const again = await get(url(), '/api/me', cookieHeader(next))
      expect((await again.json()).username).toBe(username)
      expect(again.headers.getSetCookie()).toEqual([])
    }
  })

  it('interleaved concurrent requests of two users each get their own user', async () => {
    const alice = await cookie('alice')
    const bob = await cookie('bob@example.com')
    const results = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
      const [header, expected] = i % 2 ? [bob, 'bob@example.com'] : [alice, 'alice']
      const got = i % 4 < 2
        ? (await (await get(url(), '/api/me', header)).json()).username
        : /Hello, (.+?)!/.exec(await (await get(url(), '/', header)).text())?.[1]
      return { expected, got }
    }))
    expect(results.filter(r => r.got !== r.expected)).toEqual([])
  })
}
