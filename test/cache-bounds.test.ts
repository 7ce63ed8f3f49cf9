import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { TEST_SESSION_PASSWORD } from './support/fixtures'
import { startBasicServer } from './support/fixture-server'
import type { RunningServer } from './support/compat'
import { NODE_LINES, nodeBinary, type NodeLine } from './support/node-lines'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { cookieOf, emulatorKey, resign, withCookie } from './support/forge'
import { boundsFor, MB } from './support/memory-bounds'

// docs/internals/memory-bounds.md: what input can make the server keep, on every Node line the module is
// tested on (the machine's Node, 22 and 24: the same build output served by each binary). A bounded
// flood (a fixed number of loopback requests, never a duration) of distinct, large, *genuine* access
// tokens (signed with the emulator's own key, so every cache keeps them: verdicts, token reuse),
// also through a server-rendered page (the Vue SSR bundle has its own copy of the server code),
// junk tokens and long usernames in the amounts of issue 20 (6,000 and 2,000, 20 at a time), and
// escaped cookie values (the decoded-cookie cache). Then the server's memory after full GCs (it runs
// with --expose-gc; test/bench/fixtures/memory-handler.ts): the heap's growth since a warm-up and
// the RSS's growth since the cold start, each against its bound (test/support/memory-bounds.ts).
// Nothing is timed: the amounts are fixed, and what is compared is what the process keeps afterwards.
const stack = loadStack()
const alice = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
const key = await emulatorKey()
const lastAuthUser = `CognitoIdentityServiceProvider.${stack.clientId}.LastAuthUser`
const PAD = 7500 // characters of padding: an access token of about 11 KB, a Cookie header of about 14 KB

/** Alice's session with a distinct, large, genuinely signed access token (her own id token beside it). */
async function genuineSession(): Promise<string> {
  const access = await resign(cookieOf(alice, 'accessToken'), key, { pad: randomBytes(PAD * 3 / 4).toString('base64url') })
  return cookieHeader(withCookie(alice, 'accessToken', access))
}
/** A 13 KB access token of three random parts (issue 20's flood). */
function junkSession(): string {
  const part = () => randomBytes(3250).toString('base64url')
  return cookieHeader(withCookie(alice, 'accessToken', `${part()}.${part()}.${part()}`))
}
/** An 11 KB `LastAuthUser` (issue 20's flood): too long to be a Cognito username. */
function longUsername(): string {
  return cookieHeader({ [lastAuthUser]: `u${randomBytes(5500).toString('hex')}` })
}
/** Twelve distinct escaped cookies of 1,000 characters, each decoding to a two-byte string. */
function escapedCookies(): string {
  return Array.from({ length: 12 }, (_, i) => `junk${i}=%E2%82%AC${randomBytes(495).toString('hex')}`).join('; ')
}

/**
 * A GET, sent again once if the server closed a kept-alive connection just as it was reused (Node
 * closes idle ones after 5 s; on a loaded machine the client's own expiry of them runs late). What a
 * browser does too. A server that stopped answering still fails: the second attempt cannot connect.
 */
async function get(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers })
  }
  catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error
    return await fetch(url, { headers })
  }
}

interface Memory { rss: number, heapUsed: number, youngGeneration: number, node: string }

/** One server of the shared basic build on one Node line. */
function lineServer(line: NodeLine) {
  let server: RunningServer
  beforeAll(async () => {
    server = await startBasicServer({ NUXT_AMPLIFY_SESSION_PASSWORD: TEST_SESSION_PASSWORD }, { node: nodeBinary(line), nodeFlags: ['--expose-gc'] })
  }, 120_000)
  afterAll(() => server?.stop())

  async function flood(path: string, cookies: string[], expectSignedIn: boolean, concurrency = 8): Promise<void> {
    let next = 0
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < cookies.length) {
        const cookie = cookies[next++]!
        const response = await get(`${server.url}${path}`, { cookie, accept: path.startsWith('/api') ? 'application/json' : 'text/html' })
        expect(response.status).toBe(200)
        if (path.startsWith('/api')) {
          const { user } = await response.json() as { user: { username: string } | null }
          expect(user?.username ?? null).toBe(expectSignedIn ? 'alice' : null)
        }
        else {
          expect((await response.text()).includes('Hello, alice!')).toBe(expectSignedIn)
        }
      }
    }))
  }
  async function memory(): Promise<Memory> {
    // Two readings: the first collection can free what the last requests left; the second is settled.
    await fetch(`${server.url}/api/heap`).then(response => response.arrayBuffer())
    return await (await fetch(`${server.url}/api/heap`)).json() as Memory
  }
  return { flood, memory }
}

const genuine: string[] = []
beforeAll(async () => {
  for (let i = 0; i < 1300; i++) genuine.push(await genuineSession())
}, 600_000)

describe.each(NODE_LINES)('memory kept by what input can fill, on %s Node', (line) => {
  const { flood, memory } = lineServer(line)

  it('genuine tokens, issue 20\'s junk-token flood and escaped cookies stay within the bounds, as heap and as RSS', { timeout: 1_200_000 }, async () => {
    // RSS counts from the cold server (as issue 20 measured it): V8's young generation grows from
    // there. The heap counts from after a warm-up (code compiled, every path taken once), so that
    // only what the flood leaves is compared with what the caches may keep.
    const cold = await memory()
    await flood('/api/user', genuine.slice(0, 100), true)
    await flood('/', genuine.slice(100, 120), true)
    await flood('/api/user', Array.from({ length: 50 }, junkSession), false)
    await flood('/api/user', Array.from({ length: 20 }, longUsername), false)
    await flood('/api/user', Array.from({ length: 20 }, escapedCookies), false)
    const before = await memory()

    await flood('/api/user', genuine.slice(120, 1120), true)
    await flood('/', genuine.slice(1120), true) // the SSR bundle's copy of the caches
    await flood('/api/user', Array.from({ length: 6000 }, junkSession), false, 20)
    await flood('/api/user', Array.from({ length: 2000 }, longUsername), false, 20)
    // 4,560 distinct escaped values (20 x 12 more in the warm-up): under 5,000, where the cache once
    // bounded by entries cleared itself, so that bound would have kept all of them (about 14 MB).
    await flood('/api/user', Array.from({ length: 380 }, escapedCookies), false)
    const after = await memory()

    const bound = boundsFor(after.node)
    const heap = after.heapUsed - before.heapUsed
    const rss = after.rss - cold.rss
    console.info(`[cache-bounds] ${line} Node (${after.node}): heap after GC ${MB(before.heapUsed)} → ${MB(after.heapUsed)} MB (+${MB(heap)}, bound ${MB(bound.heap)}); `
      + `RSS after GC ${MB(cold.rss)} cold, ${MB(before.rss)} warm → ${MB(after.rss)} MB (+${MB(rss)} from cold, bound ${MB(bound.rss)}); young generation ${MB(cold.youngGeneration)} → ${MB(before.youngGeneration)} → ${MB(after.youngGeneration)} MB`)
    expect(heap).toBeLessThan(bound.heap)
    expect(rss).toBeLessThan(bound.rss)
  })
})
