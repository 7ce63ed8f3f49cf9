import { describe, expect, it } from 'vitest'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { randomBytes } from 'node:crypto'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { cookieOf, emulatorKey, resign, withCookie } from './support/forge'

// docs/internals/memory-bounds.md: what input can make the server keep. A bounded flood (a fixed number of
// loopback requests) of distinct, large, *genuine* access tokens (signed with the emulator's own key,
// so every cache keeps them: verdicts, token reuse), of junk tokens and of long usernames; then the
// heap after full GCs (the server runs with --expose-gc; test/bench/fixtures/memory-handler.ts).
await setup(fixtureSetup('basic', { NODE_OPTIONS: '--expose-gc' }))
const stack = loadStack()
const alice = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
const key = await emulatorKey()

// The documented bounds (docs/internals/memory-bounds.md): token verdicts 8 MB + token reuse 4 MB + cookie names 2.5 MB.
const DOCUMENTED_BOUND = 14.5 * 1024 * 1024
const PAD = 7500 // characters of padding: an access token of about 11 KB, a Cookie header of about 14 KB

/** Alice's session with a distinct, large, genuinely signed access token (her own id token beside it). */
async function genuineSession(): Promise<string> {
  const access = await resign(cookieOf(alice, 'accessToken'), key, { pad: randomBytes(PAD * 3 / 4).toString('base64url') })
  return cookieHeader(withCookie(alice, 'accessToken', access))
}
function junkSession(): string {
  const part = () => randomBytes(3500).toString('base64url')
  return cookieHeader(withCookie(alice, 'accessToken', `${part()}.${part()}.${part()}`))
}
function longUsername(): string {
  return cookieHeader({ [`CognitoIdentityServiceProvider.${stack.clientId}.LastAuthUser`]: `u${randomBytes(7000).toString('hex')}` })
}

async function flood(cookies: string[], expectSignedIn: boolean): Promise<void> {
  const CONCURRENCY = 8
  for (let i = 0; i < cookies.length; i += CONCURRENCY) {
    await Promise.all(cookies.slice(i, i + CONCURRENCY).map(async (cookie) => {
      const response = await fetch('/api/user', { headers: { cookie } })
      expect(response.status).toBe(200)
      const { user } = await response.json() as { user: { username: string } | null }
      expect(user?.username ?? null).toBe(expectSignedIn ? 'alice' : null)
    }))
  }
}
async function heapAfterGc(): Promise<number> {
  const { heapUsed } = await (await fetch('/api/heap')).json() as { heapUsed: number }
  return heapUsed
}

describe('memory kept by what input can fill', () => {
  it('1,000 genuine 11 KB tokens, 500 junk tokens and 300 long usernames stay within the documented bound', { timeout: 300_000 }, async () => {
    let started = Date.now()
    const genuine: string[] = []
    for (let i = 0; i < 1100; i++) genuine.push(await genuineSession())
    console.info(`[cache-bounds] 1,100 tokens signed in ${Date.now() - started} ms`)
    started = Date.now()
    // Warm-up (code compiled, pools allocated), then the baseline.
    await flood(genuine.slice(0, 100), true)
    await flood(Array.from({ length: 50 }, junkSession), false)
    const baseline = await heapAfterGc()

    await flood(genuine.slice(100), true)
    await flood(Array.from({ length: 500 }, junkSession), false)
    await flood(Array.from({ length: 300 }, longUsername), false)
    const after = await heapAfterGc()
    console.info(`[cache-bounds] 1,950 requests in ${Date.now() - started} ms`)
    console.info(`[cache-bounds] heap after GC: ${(baseline / 1048576).toFixed(1)} MB before the flood, ${(after / 1048576).toFixed(1)} MB after (+${((after - baseline) / 1048576).toFixed(1)} MB)`)
    expect(after - baseline).toBeLessThan(DOCUMENTED_BOUND)
  })
})
