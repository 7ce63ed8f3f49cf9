import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPAT_DIR } from './support/compat'
import { RouteClient } from './support/auth-routes'
import { startNuxtDev, type NuxtDevServer } from './support/nuxt-dev'
import { waitForHttp } from './support/net'
import { amplifyOutputs, loadStack, stackUser } from './support/stack-data'

// `nuxi dev` of the playground (what `npm run dev` serves) with the newest Nuxt 4 on Node 24: the
// playground and the module source are copied into the Nuxt 4.6 workspace (test/compat/nuxt46), so
// they resolve that workspace's Nuxt, Vite and aws-amplify, as in a user's project, and nuxi runs on
// the Node 24 binary. The playground's config reads the emulator's outputs from .data/, as under
// `npm run dev`. Server sessions: sign-in and sign-out through the module's routes, over HTTP.
const stack = loadStack()
const root = resolve(COMPAT_DIR, 'nuxt46', '.dev-playground')
let dev: NuxtDevServer

beforeAll(async () => {
  rmSync(root, { recursive: true, force: true })
  const repo = resolve(COMPAT_DIR, '../..')
  cpSync(resolve(repo, 'src'), resolve(root, 'src'), { recursive: true })
  cpSync(resolve(repo, 'playground'), resolve(root, 'playground'), {
    recursive: true,
    filter: source => !/[/\\](?:node_modules|\.nuxt|\.output|\.data|amplify_outputs\.json)$/.test(source),
  })
  mkdirSync(resolve(root, 'playground/.data'), { recursive: true })
  // The module source's own tsconfig, as the repository's root has one: without it, Vite takes the nearest
  // one above, the workspace's starter tsconfig.json, whose references (./.nuxt/tsconfig.*.json) exist
  // only once that workspace app was prepared, and every transform of src/ fails (500 on every page).
  writeFileSync(resolve(root, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { target: 'ESNext', module: 'ESNext', moduleResolution: 'Bundler', strict: true } })}\n`)
  writeFileSync(resolve(root, 'playground/.data/amplify_outputs.local.json'), JSON.stringify(amplifyOutputs(stack)))
  // Test-only, in the copy: which Node serves the dev server.
  writeFileSync(resolve(root, 'playground/server/api/node-version.get.ts'), 'export default defineEventHandler(() => ({ node: process.version }))\n')
  dev = await startNuxtDev(resolve(root, 'playground'), {
    NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
    NUXT_PUBLIC_AMPLIFY_SESSION: 'server',
  }, { nuxi: resolve(COMPAT_DIR, 'nuxt46/node_modules/.bin/nuxi'), node: 'node24' })
  // The first page render compiles the Vue app (and Vite may still be optimizing dependencies, which
  // can answer that one render 500 on a loaded machine): wait until the page has compiled once. A page
  // that never renders still fails here, with the dev server's own lines.
  await waitForHttp(dev.url('/'), { timeoutMs: 240_000, intervalMs: 1_000 }).catch((error) => {
    throw new Error(`${(error as Error).message}\nnuxi dev printed:\n${dev.log().slice(-4000)}`)
  })
}, 600_000)
afterAll(async () => {
  await dev?.stop()
  rmSync(root, { recursive: true, force: true })
})

describe('nuxi dev of the playground with Nuxt 4.6 on Node 24', () => {
  it('serves the pages, signs in and signs out through the auth routes', async () => {
    expect(dev.log()).toMatch(/Nuxt 4\.6\.\d/)
    expect((await (await fetch(dev.url('/api/node-version'))).json()).node).toMatch(/^v24\./)
    const home = await fetch(dev.url('/'))
    expect(home.status, dev.log().slice(-4000)).toBe(200)
    expect(await (await fetch(dev.url('/login'))).text()).toContain('</form>')

    const browser = new RouteClient(dev.url(''))
    const signIn = await browser.post('signIn', { username: 'alice', password: stackUser(stack, 'alice').password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
    expect(signIn.status, JSON.stringify(signIn.body)).toBe(200)
    expect(signIn.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    // /api/me is the README's first route: the user, or 401 for an anonymous visitor (support/api-me.ts).
    const me = await browser.get<{ username?: string }>('/api/me')
    expect(me.status).toBe(200)
    expect(me.body.username).toBe('alice')

    const signOut = await browser.post('signOut', {})
    expect(signOut.status).toBe(200)
    expect((await browser.get('/api/me')).status).toBe(401)
  }, 300_000)
})
