import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type Build } from './support/compat'
import { appScenarios, cookiesFor } from './support/compat-scenarios'
import { fixtureDir } from './support/fixtures'
import { cookieOf, resign, strangerKey, withCookie } from './support/forge'
import { cookieHeader } from './support/sign-in'
import { loadStack, shimCounts } from './support/stack-data'
import { startWorker, type RunningWorker, type WorkerOptions } from './support/workers'

// Compatibility cells for Cloudflare Workers: the basic fixture (Nuxt 3, newest aws-amplify) built
// with `cloudflare-module` and run on workerd (support/workers.ts), once built for `nodejs_compat`
// (Nitro's `cloudflare.nodeCompat`, what its generated wrangler config turns on) and once without
// it (unenv's polyfills, the preset's default without a wrangler config). Token verification
// (jose, WebCrypto) and the JWKS fetch run inside workerd.
const stack = loadStack()
/** The fixture's compatibilityDate, which Nitro writes into the wrangler config it generates. */
const COMPATIBILITY_DATE = '2025-01-01'
const VARIANTS = [
  // The flags Nitro's generated wrangler config sets for a nodeCompat build of that date.
  { name: 'with nodejs_compat', tag: 'cloudflare-module-node-compat', nodeCompat: true, flags: ['nodejs_compat', 'no_nodejs_compat_v2'] },
  { name: 'without nodejs_compat', tag: 'cloudflare-module', nodeCompat: false, flags: [] },
]

const builds: Build[] = []
const workers: RunningWorker[] = []
afterAll(async () => {
  for (const worker of workers) await worker.stop()
  for (const build of builds) build.remove()
})

async function start(outputDir: string, options: WorkerOptions) {
  const worker = await startWorker(outputDir, options)
  workers.push(worker)
  return worker
}

/** Alice's cookies with both tokens re-signed by a stranger's key for "mallory". */
async function forgedCookie() {
  const alice = await cookiesFor(stack, 'alice')
  const key = await strangerKey()
  const claims = { 'sub': 'forged-sub', 'username': 'mallory', 'cognito:username': 'mallory' }
  const forged = withCookie(withCookie(alice, 'accessToken', await resign(cookieOf(alice, 'accessToken'), key, claims)), 'idToken', await resign(cookieOf(alice, 'idToken'), key, claims))
  return cookieHeader(forged)
}

const json = { accept: 'application/json' }
const html = { accept: 'text/html' }

describe.each(VARIANTS)('cloudflare-module preset on workerd, $name', ({ tag, nodeCompat, flags }) => {
  let outputDir: string
  let worker: RunningWorker
  const options = { compatibilityDate: COMPATIBILITY_DATE, compatibilityFlags: flags }
  beforeAll(async () => {
    const build = await buildApp(fixtureDir('basic'), { preset: 'cloudflare-module', tag, nitro: { cloudflare: { nodeCompat } } })
    console.info(`[presets] ${tag} built in ${build.seconds.toFixed(1)} s`)
    builds.push(build)
    outputDir = build.outputDir
    worker = await start(outputDir, options)
  }, 600_000)

  appScenarios({ url: () => worker.url, stack: () => stack })

  it('a fresh worker fetches the pool\'s JWKS from the emulator and verifies tokens with it', async () => {
    const fresh = await start(outputDir, options)
    const before = (await shimCounts(stack)).jwks ?? 0
    const me = await fresh.dispatch('/api/me', { ...json, cookie: cookieHeader(await cookiesFor(stack, 'alice')) })
    expect((await me.json()).username).toBe('alice')
    expect((await shimCounts(stack)).jwks ?? 0).toBeGreaterThan(before)
    expect(await (await fresh.dispatch('/api/user', { ...json, cookie: await forgedCookie() })).json()).toEqual({ user: null })
    expect(await (await fresh.dispatch('/', { ...html, cookie: await forgedCookie() })).text()).toContain('Not signed in')
  })

  it('a Worker variable overrides the built config: NUXT_PUBLIC_AMPLIFY_VERIFY_TOKENS=false, in routes and pages', async () => {
    const unverified = await start(outputDir, { ...options, vars: { NUXT_PUBLIC_AMPLIFY_VERIFY_TOKENS: 'false' } })
    const cookie = await forgedCookie()
    expect(await (await unverified.dispatch('/api/user', { ...json, cookie })).json()).toMatchObject({ user: { username: 'mallory', userId: 'forged-sub' } })
    expect(await (await unverified.dispatch('/', { ...html, cookie })).text()).toContain('Hello, mallory!')
  })
})
