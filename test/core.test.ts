import { describe, expect, it } from 'vitest'
import { $fetch, fetch, getServerLogs, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, encodeCookieName, signInCookies } from './support/sign-in'

// The basic fixture, built once per run against the run's emulator, served from that build.
await setup(fixtureSetup('basic'))
const stack = loadStack()

async function cookiesOf(username: string) {
  return cookieHeader(await signInCookies(stack, { username, password: stackUser(stack, username).password }))
}

describe('server routes', () => {
  it('the README route returns the signed-in user from real Amplify cookies', async () => {
    const me = await $fetch<{ username: string, userId: string }>('/api/me', { headers: { cookie: await cookiesOf('alice') } })
    expect(me.username).toBe('alice')
    expect(me.userId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('an e-mail username round-trips through the encoded cookie names', async () => {
    const me = await $fetch<{ username: string }>('/api/me', { headers: { cookie: await cookiesOf('bob@example.com') } })
    expect(me.username).toBe('bob@example.com')
  })

  it('the callback style gives the same user', async () => {
    const result = await $fetch('/api/callback', { headers: { cookie: await cookiesOf('alice') } })
    expect(result).toEqual({ username: 'alice' })
  })

  it('a context serves its request until the response is sent, then reads as signed out', async () => {
    const during = await $fetch('/api/after-response', { headers: { cookie: await cookiesOf('alice') } })
    expect(during).toEqual({ during: 'alice' })
    await expect.poll(() => $fetch('/api/after-response?read=1'), { timeout: 5000 }).toEqual({ afterResponse: null })
  })

  it('every Amplify call in one request shares one context', async () => {
    const session = await $fetch('/api/session', { headers: { cookie: await cookiesOf('alice') } })
    expect(session).toMatchObject({ username: 'alice', idTokenUser: 'alice', sameContext: true, sameTokens: true })
  })
})

describe('log', () => {
  it('Amplify\'s custom-endpoint warning appears once per server process, page render and route alike', async () => {
    // Both bundles build contexts: the Vue SSR bundle for the page, Nitro's for the route.
    const cookie = await cookiesOf('alice')
    await fetch('/', { headers: { cookie } })
    await $fetch('/api/me', { headers: { cookie } })
    const warnings = getServerLogs().filter(line => /You are using a custom .*User Pool endpoint/.test(line))
    expect(warnings).toHaveLength(1)
  })
})

describe('anonymous requests', () => {
  it('without cookies the README route answers 401 JSON, not a 500', async () => {
    const response = await fetch('/api/me', { headers: { accept: 'application/json' } })
    expect(response.status).toBe(401)
    const body = await response.json()
    expect(body).toMatchObject({ statusCode: 401, message: 'Not signed in.' })
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(m?js|ts):\d+/)
  })

  it('getAmplifyUser gives null and requireAmplifyUser a 401', async () => {
    expect(await $fetch('/api/user')).toEqual({ user: null })
    const response = await fetch('/api/protected', { headers: { accept: 'application/json' } })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ statusCode: 401, message: 'Sign in to access this resource.' })
  })

  it('a signed-in user passes requireAmplifyUser', async () => {
    expect(await $fetch('/api/protected', { headers: { cookie: await cookiesOf('alice') } })).toEqual({ secret: 'for alice' })
  })

  it('the server-rendered page shows "not signed in" without cookies', async () => {
    const html = await $fetch<string>('/')
    expect(html).toContain('Not signed in')
    expect(html).not.toContain('Hello,')
  })
})

describe('server-rendered pages', () => {
  it('the HTML contains the signed-in user', async () => {
    const html = await $fetch<string>('/', { headers: { cookie: await cookiesOf('alice') } })
    expect(html).toContain('Hello, alice!')
  })

  it('valid tokens cause no Set-Cookie (nothing to refresh)', async () => {
    const response = await fetch('/', { headers: { cookie: await cookiesOf('bob@example.com') } })
    expect(await response.text()).toContain('Hello, bob@example.com!')
    expect(response.headers.getSetCookie()).toEqual([])
  })
})

describe('isolation', () => {
  it('interleaved concurrent requests of two users each get their own user', async () => {
    const alice = await cookiesOf('alice')
    const bob = await cookiesOf('bob@example.com')
    const requests = Array.from({ length: 40 }, (_, i) => {
      const [cookie, username] = i % 2 ? [bob, 'bob@example.com'] : [alice, 'alice']
      const call = i % 4 < 2
        ? $fetch<{ username: string }>('/api/me', { headers: { cookie } }).then(me => me.username)
        : $fetch<string>('/', { headers: { cookie } }).then(html => /Hello, (.+?)!/.exec(html)?.[1])
      return call.then(got => ({ expected: username, got }))
    })
    const results = await Promise.all(requests)
    expect(results.filter(r => r.got !== r.expected)).toEqual([])
  })
})

describe('cookie names', () => {
  it('the test cookies use the browser encoding of an e-mail username', async () => {
    const cookies = await signInCookies(stack, { username: 'bob@example.com', password: stackUser(stack, 'bob@example.com').password })
    const idKey = Object.keys(cookies).find(k => k.endsWith('.idToken'))!
    expect(encodeCookieName(idKey)).toContain('bob%40example.com')
  })
})
