import { afterAll, describe, expect, it } from 'vitest'
import { fetch, getServerLogs, setup, startServer } from '@nuxt/test-utils/e2e'
import { generateKeyPair, SignJWT } from 'jose'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { cookieOf, withCookie } from './support/forge'
import { jwtPayload } from './support/cookies'
import { type JwksMode, startJwksStandIn } from './support/jwks-stand-in'

// The user pool's key set (docs/security.md): fetched once, re-fetched for an unknown `kid` at most
// once per 30 s, failed fetches retried at most every 5 s, unreachable keys → 503 (never a verdict
// about the token). The keys come from a loopback stand-in whose keys this file controls
// (test/support/jwks-stand-in.ts). Every scenario starts a fresh server: "cold" means no key fetched.
const stack = loadStack()
const keys = await startJwksStandIn()
afterAll(() => keys.stop())
const env = { NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: keys.issuer, NUXT_PUBLIC_AMPLIFY_JWKS_URL: keys.jwksUrl }
await setup(fixtureSetup('basic', env))

const alice = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
let serial = 0
/** Alice's session, re-signed by the stand-in (kid: its newest key unless given); a distinct token string each call. */
async function session(kid?: string): Promise<string> {
  const jti = `jti-${++serial}`
  const access = await keys.sign({ ...jwtPayload(cookieOf(alice, 'accessToken')), jti, iss: keys.issuer }, kid)
  const id = await keys.sign({ ...jwtPayload(cookieOf(alice, 'idToken')), jti, iss: keys.issuer }, kid)
  return cookieHeader(withCookie(withCookie(alice, 'accessToken', access), 'idToken', id))
}
/** The same session signed by a key nobody published, under a new random kid each call. */
const stranger = (await generateKeyPair('RS256')).privateKey
async function unknownKidSession(): Promise<string> {
  const privateKey = stranger
  const sign = (token: string) => new SignJWT({ ...jwtPayload(token), jti: `jti-${++serial}`, iss: keys.issuer })
    .setProtectedHeader({ alg: 'RS256', kid: `random-${serial}`, typ: 'JWT' }).sign(privateKey)
  return cookieHeader(withCookie(withCookie(alice, 'accessToken', await sign(cookieOf(alice, 'accessToken'))), 'idToken', await sign(cookieOf(alice, 'idToken'))))
}

async function coldServer(mode: JwksMode, extraEnv: Record<string, string> = {}) {
  keys.setMode(mode)
  await startServer({ env: { ...env, ...extraEnv } })
  return keys.fetches()
}
async function user(cookie: string): Promise<string | null> {
  const response = await fetch('/api/user', { headers: { cookie } })
  expect(response.status).toBe(200)
  return (await response.json() as { user: { username: string } | null }).user?.username ?? null
}
const guard = (cookie: string) => fetch('/api/protected', { headers: { cookie, accept: 'application/json' } })
const logLines = (pattern: RegExp) => getServerLogs().filter(line => pattern.test(line))

describe('key set unreachable', () => {
  it('on a cold server: 503 from the guard, not a verdict about the token; accepted once the keys are back', async () => {
    const before = await coldServer('error500')
    const cookie = await session()
    const response = await guard(cookie)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(await response.json()).toMatchObject({ statusCode: 503, message: 'Sign-in service unavailable. Try again shortly.' })
    expect(await user(cookie)).toBeNull()
    expect(response.headers.getSetCookie()).toEqual([]) // nobody is signed out by an outage

    // A flood during the outage: at most one fetch per 5 s and one log line, not one per request.
    const started = Date.now()
    for (let round = 0; round < 20; round++) {
      const statuses = await Promise.all(Array.from({ length: 10 }, () => guard(cookie).then(r => r.status)))
      expect(statuses.every(s => s === 503)).toBe(true)
    }
    const allowed = 1 + Math.floor((Date.now() - started) / 5000)
    expect(keys.fetches() - before).toBeLessThanOrEqual(allowed)
    expect(logLines(/signing keys/).length).toBe(1)
    expect(logLines(/Cognito unavailable/)).toEqual([])

    // The keys come back: the very same token is accepted (within the 5 s retry interval).
    keys.setMode('normal')
    let name: string | null = null
    for (let i = 0; i < 40 && !name; i++) {
      name = await user(cookie)
      if (!name) await new Promise(resolve => setTimeout(resolve, 250))
    }
    expect(name).toBe('alice')
    expect((await guard(cookie)).status).toBe(200)
  })

  it('a key set URL answering 404 is logged once as a configuration error, not as an outage', async () => {
    await coldServer('notFound')
    const cookie = await session()
    const before = keys.fetches()
    for (let i = 0; i < 5; i++) expect((await guard(cookie)).status).toBe(503)
    // After the retry interval the server asks again, and gets 404 again: still one line.
    await new Promise(resolve => setTimeout(resolve, 5200))
    expect((await guard(cookie)).status).toBe(503)
    expect(keys.fetches() - before).toBe(2)
    const lines = logLines(/signing keys/)
    expect(lines.length).toBe(1)
    expect(lines[0]).toContain('configuration error')
    expect(lines[0]).toContain('jwksUrl')
    expect(lines[0]).toContain(keys.jwksUrl)
    expect(lines[0]).not.toContain('Try again')
  })

  it('with keys cached, a failing endpoint: random kids cause one re-fetch, known keys keep working', async () => {
    const before = await coldServer('normal')
    expect(await user(await session())).toBe('alice')
    expect(keys.fetches() - before).toBe(1)
    keys.setMode('error500')
    const started = Date.now()
    for (let round = 0; round < 10; round++) {
      const cookies = await Promise.all(Array.from({ length: 10 }, unknownKidSession))
      const statuses = await Promise.all(cookies.map(cookie => guard(cookie).then(r => r.status)))
      // Not checkable while the keys cannot be fetched: 503, never "signed in".
      expect(statuses.every(s => s === 503)).toBe(true)
    }
    expect(keys.fetches() - before).toBeLessThanOrEqual(2 + Math.floor((Date.now() - started) / 30_000))
    expect(logLines(/signing keys/).length).toBeLessThanOrEqual(1)
    // A new token of the cached key is checked as usual during the outage.
    expect(await user(await session())).toBe('alice')
    keys.setMode('normal')
  })
})

describe('key rotation', () => {
  it('a new kid is accepted after one re-fetch, without a restart; random kids then cause no fetch for 30 s', async () => {
    const before = await coldServer('normal')
    const first = await session()
    expect(await user(first)).toBe('alice')
    expect(keys.fetches() - before).toBe(1)

    const oldKid = keys.newestKid()
    const newKid = await keys.addKey()
    keys.withdrawKey(oldKid)
    expect(await user(await session(newKid))).toBe('alice')
    expect(keys.fetches() - before).toBe(2)

    const started = Date.now()
    for (let i = 0; i < 30; i++) expect(await user(await unknownKidSession())).toBeNull()
    expect(keys.fetches() - before).toBeLessThanOrEqual(2 + Math.floor((Date.now() - started) / 30_000))
    // The withdrawn key's tokens: refused once the re-fetched key set no longer has it (a new token, not a cached verdict).
    expect(await user(await session(oldKid))).toBeNull()
  })
})
