import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, eventHandler, toNodeListener, type H3Event } from 'h3'
import { CookieStorage } from 'aws-amplify/utils'
import { createCookieStorageAdapter } from '../../src/runtime/server/cookies/cookie-adapter'
import { RequestRef } from '../../src/runtime/server/context/request-ref'
import { ChunkedCookieStorage } from '../../src/runtime/app/lib/chunked-cookie-storage'
import { joinCookieChunks, MAX_COOKIE_VALUE_LENGTH, splitCookieValue } from '../../src/runtime/shared/cookie-chunks'
import { parseSetCookies } from '../support/cookies'

const KEY = 'CognitoIdentityServiceProvider.client1.bob@example.com.idToken'
const BIG = `eyJ.${'a'.repeat(9000)}.sig`
const ATTRIBUTES = { sameSite: 'lax', secure: true, path: '/', maxAge: 3600 } as const

describe('splitting and joining', () => {
  it('small values stay one piece; large ones split into pieces that each fit once URL-encoded', () => {
    expect(splitCookieValue('small')).toEqual(['small'])
    for (const value of [BIG, 'é'.repeat(5000), '😀'.repeat(3000), `${'x'.repeat(MAX_COOKIE_VALUE_LENGTH)}y`]) {
      const chunks = splitCookieValue(value)
      expect(chunks.length).toBeGreaterThan(1)
      expect(chunks.join('')).toBe(value)
      for (const chunk of chunks) expect(encodeURIComponent(chunk).length).toBeLessThanOrEqual(MAX_COOKIE_VALUE_LENGTH)
    }
  })

  it('join prefers the plain cookie, joins contiguous chunks, and stops at a gap', () => {
    const jar = new Map([['k', 'plain'], ['k.0', 'a'], ['k.1', 'b'], ['j.0', 'x'], ['j.2', 'z']])
    expect(joinCookieChunks('k', jar)).toBe('plain')
    jar.delete('k')
    expect(joinCookieChunks('k', jar)).toBe('ab')
    expect(joinCookieChunks('j', jar)).toBe('x')
    expect(joinCookieChunks('none', jar)).toBeUndefined()
  })
})

// A real h3 app on a real socket, as in cookie-adapter.test.ts.
let server: Server
let base: string
let handle: (event: H3Event) => unknown = () => null
beforeAll(async () => {
  server = createServer(toNodeListener(createApp().use(eventHandler(event => handle(event)))))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise(resolve => server.close(resolve)))

async function request(cookie: string, handler: (event: H3Event) => unknown) {
  handle = handler
  const response = await fetch(base, { headers: { cookie } })
  return { body: await response.json() as unknown, setCookies: parseSetCookies(response.headers.getSetCookie()) }
}
const header = (jar: Record<string, string>) => Object.entries(jar).map(([n, v]) => `${encodeURIComponent(n)}=${v}`).join('; ')
/** A chunked cookie as written by hand (`<name>.0`, `<name>.1`, … of an ASCII value), not by the code under test. */
const chunkedJar = (value: string) => Object.fromEntries(value.match(/[\s\S]{1,3000}/g)!.map((c, i) => [`${KEY}.${i}`, c]))

describe('server cookie adapter', () => {
  it('reads chunks as one value; writes a large value as chunks and deletes the plain cookie', async () => {
    const { body, setCookies } = await request(header({ [KEY]: 'old-plain' }), (event) => {
      const adapter = createCookieStorageAdapter(new RequestRef(event), ATTRIBUTES)
      adapter.delete(KEY) // Amplify's setItem: delete, then set
      adapter.set(KEY, BIG, ATTRIBUTES)
      return { readBack: adapter.get(KEY)?.value === BIG }
    })
    expect(body).toEqual({ readBack: true })
    const names = setCookies.map(c => c.name)
    expect(new Set(names).size).toBe(names.length)
    expect(setCookies.find(c => c.name === KEY)?.attributes['max-age']).toBe('0')
    const chunks = setCookies.filter(c => c.name !== KEY)
    expect(chunks.map(c => c.value).join('')).toBe(BIG)
    expect(chunks.every(c => c.attributes.secure && c.attributes.samesite === 'Lax' && c.attributes.path === '/')).toBe(true)
  })

  it('a value that shrinks deletes the surplus chunks; delete clears them all', async () => {
    // Assertions stay outside the handler: a failed expect in there would only be a 500.
    const { body, setCookies } = await request(header(chunkedJar(BIG)), (event) => {
      const adapter = createCookieStorageAdapter(new RequestRef(event), ATTRIBUTES)
      const read = adapter.get(KEY)?.value
      adapter.set(KEY, 'small', ATTRIBUTES)
      return { read }
    })
    expect(body).toEqual({ read: BIG })
    const written = setCookies.filter(c => c.attributes['max-age'] !== '0')
    expect(written).toEqual([expect.objectContaining({ name: KEY, value: 'small' })])
    expect(setCookies.filter(c => c.attributes['max-age'] === '0').map(c => c.name)).toEqual(Object.keys(chunkedJar(BIG)))

    const cleared = await request(header(chunkedJar(BIG)), (event) => {
      createCookieStorageAdapter(new RequestRef(event), ATTRIBUTES).delete(KEY)
      return {}
    })
    expect(cleared.setCookies.map(c => c.name)).toEqual(Object.keys(chunkedJar(BIG)))
  })
})

/** document.cookie for js-cookie (Amplify's CookieStorage): a jar that applies writes like a browser. */
function fakeDocument() {
  const jar = new Map<string, string>()
  vi.stubGlobal('document', {
    get cookie() {
      return [...jar].map(([n, v]) => `${n}=${v}`).join('; ')
    },
    set cookie(written: string) {
      const [pair, ...attributes] = written.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq)
      const expired = attributes.some(a => /expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now())
      if (expired) jar.delete(name)
      else jar.set(name, pair!.slice(eq + 1))
    },
  })
  return jar
}

describe('browser storage (ChunkedCookieStorage over CookieStorage/js-cookie)', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('writes chunks, reads them back, shrinks and clears without leaving stale chunks', async () => {
    const jar = fakeDocument()
    const storage = new ChunkedCookieStorage(new CookieStorage({ path: '/', sameSite: 'lax', secure: true }))
    await storage.setItem(KEY, 'plain')
    await storage.setItem(KEY, BIG)
    const encodedKey = encodeURIComponent(KEY).replace('%40', '@')
    expect(jar.has(encodedKey)).toBe(false)
    expect([...jar.keys()].filter(n => n.includes('.idToken.')).length).toBe(Math.ceil(BIG.length / MAX_COOKIE_VALUE_LENGTH)) // ASCII: one byte per character
    for (const value of jar.values()) expect(value.length).toBeLessThanOrEqual(MAX_COOKIE_VALUE_LENGTH)
    expect(await storage.getItem(KEY)).toBe(BIG)

    await storage.setItem(KEY, `${'b'.repeat(MAX_COOKIE_VALUE_LENGTH)}c`) // two chunks now
    expect([...jar.keys()].filter(n => n.includes('.idToken.')).length).toBe(2)
    expect(await storage.getItem(KEY)).toBe(`${'b'.repeat(MAX_COOKIE_VALUE_LENGTH)}c`)

    await storage.removeItem(KEY) // sign-out
    expect(jar.size).toBe(0)
    expect(await storage.getItem(KEY)).toBeNull()
  })

  it('reads chunks the server wrote', async () => {
    const jar = fakeDocument()
    for (const [name, value] of Object.entries(chunkedJar(BIG))) jar.set(encodeURIComponent(name), value)
    expect(await new ChunkedCookieStorage(new CookieStorage()).getItem(KEY)).toBe(BIG)
  })
})
