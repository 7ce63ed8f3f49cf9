import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, eventHandler, toNodeListener, type H3Event } from 'h3'
import JsCookie from 'js-cookie'
import { createKeyValueStorageFromCookieStorageAdapter } from 'aws-amplify/adapter-core'
import { createCookieStorageAdapter } from '../../src/runtime/server/cookies/cookie-adapter'
import { parseCookieHeader } from '../../src/runtime/server/cookies/cookie-header'
import { RequestRef } from '../../src/runtime/server/context/request-ref'
import { decodeCookieName, encodeCookieName } from '../../src/runtime/shared/cookie-names'

const ATTRIBUTES = { sameSite: 'lax', secure: true, path: '/', maxAge: 3600 } as const

/** What js-cookie (Amplify's browser cookie storage) writes to document.cookie for one cookie. */
function browserWrite(name: string, value: string): string {
  let written = ''
  vi.stubGlobal('document', {
    get cookie() {
      return ''
    },
    set cookie(v: string) {
      written = v
    },
  })
  JsCookie.set(name, value)
  vi.unstubAllGlobals()
  return written.split(';')[0]!
}

// A real h3 app on a real socket: each test sends a request and gets the adapter's Set-Cookie back.
let server: Server
let base: string
let handle: (event: H3Event) => unknown = () => null
beforeAll(async () => {
  const app = createApp().use(eventHandler(event => handle(event)))
  server = createServer(toNodeListener(app))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise(resolve => server.close(resolve)))

async function request(cookie: string | undefined, handler: (event: H3Event) => unknown) {
  handle = handler
  const response = await fetch(base, { headers: cookie ? { cookie } : {} })
  return { body: await response.json() as unknown, setCookies: response.headers.getSetCookie() }
}

const EMAIL_KEY = 'CognitoIdentityServiceProvider.client1.bob+test@example.com.idToken'

describe('cookie names round-trip with the browser (js-cookie)', () => {
  it.each([EMAIL_KEY, 'CognitoIdentityServiceProvider.client1.LastAuthUser', 'a name with spaces;and=signs', 'ünïcødé(1)'])('%s', (name) => {
    const written = browserWrite(name, 'v')
    expect(written).toBe(`${encodeCookieName(name)}=v`)
    expect(parseCookieHeader(written).get(name)).toBe('v')
    expect(decodeCookieName(encodeCookieName(name))).toBe(name)
  })
})

describe('parseCookieHeader survives garbage', () => {
  it('bad escapes, duplicates, quotes, empty parts', () => {
    const jar = parseCookieHeader('a=%E0%A4%A; a=second; ;=x; b="quoted"; c=; %zz=1; d=x=y')
    expect(jar.get('a')).toBe('%E0%A4%A')
    expect(jar.get('b')).toBe('quoted')
    expect(jar.get('c')).toBe('')
    expect(jar.get('%zz')).toBe('1')
    expect(jar.get('d')).toBe('x=y')
    expect(parseCookieHeader(undefined).size).toBe(0)
  })

  it('gives the same result when the same escaped names and values come again (they are decoded once per process)', () => {
    const header = `${encodeCookieName(EMAIL_KEY)}=%7B%22a%22%3A1%7D; bad=%E0%A4%A; LastAuthUser=bob%40example.com`
    const expected = [[EMAIL_KEY, '{"a":1}'], ['bad', '%E0%A4%A'], ['LastAuthUser', 'bob@example.com']]
    for (let i = 0; i < 3; i++) expect([...parseCookieHeader(header)]).toEqual(expected)
    // A header of other values with the same escapes still decodes each on its own.
    expect(parseCookieHeader(`${encodeCookieName(EMAIL_KEY)}=x%20y`).get(EMAIL_KEY)).toBe('x y')
  })
})

describe('createCookieStorageAdapter over a real h3 request', () => {
  it('reads an e-mail username cookie written by the browser', async () => {
    const { body } = await request(`other=1; ${browserWrite(EMAIL_KEY, 'token.value')}`, (event) => {
      const adapter = createCookieStorageAdapter(new RequestRef(event), ATTRIBUTES)
      return { one: adapter.get(EMAIL_KEY), all: adapter.getAll().map(c => c.name) }
    })
    expect(body).toEqual({ one: { name: EMAIL_KEY, value: 'token.value' }, all: ['other', EMAIL_KEY] })
  })

  it('Amplify setItem (delete, then set) gives one Set-Cookie with the configured attributes and the browser name', async () => {
    const { setCookies, body } = await request(browserWrite(EMAIL_KEY, 'old'), async (event) => {
      const adapter = createCookieStorageAdapter(new RequestRef(event), ATTRIBUTES)
      const storage = createKeyValueStorageFromCookieStorageAdapter(adapter, undefined, ATTRIBUTES)
      await storage.setItem(EMAIL_KEY, 'new')
      return { readBack: await storage.getItem(EMAIL_KEY) }
    })
    expect(body).toEqual({ readBack: 'new' })
    expect(setCookies).toEqual([`${encodeCookieName(EMAIL_KEY)}=new; Max-Age=3600; Path=/; Secure; SameSite=Lax`])
  })

  it('domain is honoured and delete writes an expired cookie', async () => {
    const { setCookies } = await request('gone=1', (event) => {
      createCookieStorageAdapter(new RequestRef(event), { ...ATTRIBUTES, domain: 'example.com' }).delete('gone')
      return {}
    })
    expect(setCookies).toHaveLength(1)
    expect(setCookies[0]).toMatch(/^gone=; Max-Age=0; Domain=example\.com; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; SameSite=Lax$/)
  })

  it('deleting a cookie the request does not carry writes nothing', async () => {
    const { setCookies } = await request(undefined, (event) => {
      createCookieStorageAdapter(new RequestRef(event), ATTRIBUTES).delete('absent')
      return {}
    })
    expect(setCookies).toEqual([])
  })

  it('a write after the response was sent is skipped with a warning, not thrown', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let thrown: unknown = 'not run'
    const { setCookies } = await request(undefined, async (event) => {
      const adapter = createCookieStorageAdapter(new RequestRef(event), ATTRIBUTES)
      event.node.res.setHeader('content-type', 'application/json')
      event.node.res.end('{}')
      try {
        adapter.set('late', 'value')
        adapter.set('later', 'value')
        thrown = null
      }
      catch (error) {
        thrown = error
      }
    })
    expect(thrown).toBeNull()
    expect(setCookies).toEqual([])
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Cookie "late" was not written'))
    expect(warn).toHaveBeenCalledTimes(1) // then at most one line a minute, whatever the traffic
    warn.mockRestore()
  })
})

describe('a released request (its response was sent)', () => {
  it('reads no cookies, writes none, forwards nothing to Amplify, records no outage', async () => {
    // The late-write warning is logged at most once a minute (bounded-warnings.ts); the test above logged it.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let seen: unknown
    const { setCookies } = await request('a=1', async (event) => {
      const ref = new RequestRef(event)
      const adapter = createCookieStorageAdapter(ref, ATTRIBUTES)
      ref.storage = createKeyValueStorageFromCookieStorageAdapter(adapter, undefined, ATTRIBUTES)
      const before = { adapter: adapter.get('a')?.value, storage: await ref.getItem('a') }
      ref.release()
      adapter.set('late', 'value')
      await ref.setItem('later', 'value')
      ref.markOutage('down')
      seen = { before, after: { adapter: adapter.get('a'), storage: await ref.getItem('a'), event: ref.event, outage: event.context.amplifyAuthOutage } }
      return {}
    })
    expect(seen).toEqual({ before: { adapter: '1', storage: '1' }, after: { adapter: undefined, storage: null, event: undefined, outage: undefined } })
    expect(setCookies).toEqual([])
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Cookie "late" was not written'))
    warn.mockRestore()
    vi.useRealTimers()
  })
})
