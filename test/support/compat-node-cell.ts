// One compatibility cell: a Nuxt workspace (test/compat/<workspace>) on one Node line, built by that
// Node, served by it, and checked end to end with the packed module (packed-module.ts): core
// scenarios, a useAmplifyUser() page in SSR and in Chromium, server sessions, a managed-login round
// trip, and nuxi typecheck of the docs' examples. Every cell runs the same tests; only the expected
// versions differ (and the Vite check, for the Nuxt that builds on Vite 8.4 / rolldown 1.3).
// Registers its hooks and tests in one describe block, so `vitest -t <node>` runs (and builds) one cell.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { amplifyVersions, buildApp, COMPAT_DIR, nodeProcess, startServer, type Build, type CompatNode, type RunningServer } from './compat'
import { appScenarios, cookiesFor } from './compat-scenarios'
import { RouteClient } from './auth-routes'
import { launchBrowser, openPage } from './browser'
import { freePort } from './net'
import { CookieJar, httpSignIn, type ManagedLoginApp } from './oauth-e2e'
import { startOAuthServer, type OAuthServer } from './oauth-server'
import { cookieHeader } from './sign-in'
import { readmeBlocks } from './readme-examples'
import { createTypecheckApp, nuxiTypecheck } from './typecheck-app'
import { amplifyOutputs, oauthLoginWith, oauthOutputs, stackUser, type StackData } from './stack-data'
import { packedApp, type PackedWorkspace } from './packed-module'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

export interface CellSpec {
  workspace: PackedWorkspace
  /** A Node binary workspace; none: the machine's Node, which must then be `nodeMajor`. */
  node?: CompatNode
  nodeMajor: 20 | 22 | 24
  /** The exact versions the workspace's lockfile pins (the build must have used them). */
  nuxt: string
  amplify: string
  /** The @nuxt/kit npm puts at the top of the app (the module's), when not the Nuxt's own. */
  kit?: string
  /** Vite's version, where it matters (Nuxt 4.5+: rolldown 1.3 is where INVALID_EXTERNAL_ID began). */
  vite?: RegExp
  /**
   * The app reads its pool from `amplify_outputs.json` (written here for this run, with a managed-login
   * section): its default server gets only the endpoint at run time, not NUXT_PUBLIC_AMPLIFY_CONFIG.
   */
  configFile?: boolean
}

export interface Cell {
  build: Build
  /** Browser sessions (the default). */
  server: RunningServer
  /** The same build with server sessions (NUXT_PUBLIC_AMPLIFY_SESSION=server) and managed login. */
  sessions: RunningServer
  managed: ManagedLoginApp
  browser: Browser
}

/** The runtime settings of one server of the cell: this run's pool, and managed login through `oauth` for `origin`. */
function cellEnv(stack: StackData, origin: string, oauthPublicUrl: string, session: 'browser' | 'server'): Record<string, string> {
  const oauth = oauthLoginWith([origin])
  return {
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.clientId, loginWith: { oauth } } } }),
    NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
    NUXT_PUBLIC_AMPLIFY_OAUTH_ENDPOINT: oauthPublicUrl,
    NUXT_PUBLIC_AMPLIFY_SESSION: session,
  }
}

/** Why the cell cannot run on this machine (one line), or undefined. */
function cannotRun(spec: CellSpec): string | undefined {
  if (spec.node) {
    try {
      nodeProcess(spec.node)
    }
    catch (error) {
      return (error as Error).message
    }
    return undefined
  }
  const major = Number(process.versions.node.split('.')[0])
  if (major !== spec.nodeMajor) return `this cell runs on the machine's Node, which is ${process.version}, not Node ${spec.nodeMajor}`
  if (!existsSync(resolve(COMPAT_DIR, spec.workspace, 'node_modules/nuxt'))) return `test/compat/${spec.workspace} is not installed: node test/compat/install.mjs ${spec.workspace}`
  return undefined
}

const minor = (version: string) => version.split('.').slice(0, 2).join('.')

export function compatCell(spec: CellSpec, stack: StackData, more?: (cell: Cell) => void): Cell {
  const cell = {} as Cell
  const nodeName = spec.node ?? `node${spec.nodeMajor}`
  const name = `Nuxt ${minor(spec.nuxt)} on ${nodeName}`
  const major = Number(spec.nuxt.split('.')[0]) as 3 | 4
  let oauth: OAuthServer | undefined
  let started = 0
  describe(name, () => {
    beforeAll(async () => {
      started = Date.now()
      const reason = cannotRun(spec)
      if (reason) throw new Error(`${name} cannot run: ${reason}`)
      if (spec.configFile) {
        const outputs = amplifyOutputs(stack)
        writeFileSync(resolve(COMPAT_DIR, spec.workspace, 'amplify_outputs.json'), `${JSON.stringify({ ...outputs, auth: { ...outputs.auth, oauth: oauthOutputs() } }, null, 2)}\n`)
      }
      cell.build = await buildApp(await packedApp(spec.workspace, spec.node), { node: spec.node, tag: nodeName })
      console.info(`[compat] ${name}: built in ${cell.build.seconds.toFixed(1)} s`)
      const entry = resolve(cell.build.outputDir, 'server/index.mjs')
      oauth = await startOAuthServer(stack)
      const oauthPublicUrl = oauth.url.replace('//127.0.0.1:', '//localhost:')
      const [port, sessionsPort] = [await freePort(), await freePort()]
      const origins = [`http://127.0.0.1:${port}`, `http://127.0.0.1:${sessionsPort}`]
      for (const origin of origins) oauth.register({ redirectUris: oauthLoginWith([origin]).redirectSignIn, logoutUris: oauthLoginWith([origin]).redirectSignOut })
      const browserEnv = spec.configFile ? { NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint } : cellEnv(stack, origins[0]!, oauthPublicUrl, 'browser')
      ;[cell.server, cell.sessions, cell.browser] = await Promise.all([
        startServer(entry, { node: spec.node, port, env: browserEnv }),
        startServer(entry, { node: spec.node, port: sessionsPort, env: cellEnv(stack, origins[1]!, oauthPublicUrl, 'server') }),
        launchBrowser(),
      ])
      cell.managed = { origin: origins[1]!, oauth, oauthPublicUrl, setupOptions: undefined as never }
    }, 900_000)
    afterAll(async () => {
      await Promise.all([cell.server?.stop(), cell.sessions?.stop(), cell.browser?.close(), oauth?.stop()])
      cell.build?.remove()
      if (started) console.info(`[compat] ${name}: cell took ${((Date.now() - started) / 1000).toFixed(1)} s`)
    })

    it(`builds with Nuxt ${spec.nuxt} and aws-amplify ${spec.amplify} on ${nodeName}, without a compatibility warning, and serves on that Node`, async () => {
      const installed = JSON.parse(readFileSync(resolve(cell.build.rootDir, 'node_modules/nuxt/package.json'), 'utf8')).version
      expect(installed).toBe(spec.nuxt)
      expect(cell.build.versions.nuxt).toBe(installed)
      // The @nuxt/kit the module runs on (its range is ^3.21 || ^4): the one npm hoists in a user's app.
      expect(cell.build.versions.kit).toBe(spec.kit ?? spec.nuxt)
      expect(cell.build.versions.modules).toContain('nuxt-amplify')
      expect(amplifyVersions(cell.build)).toEqual({ installed: spec.amplify, shipped: spec.amplify })
      // The packed module, installed from its tarball into an app outside the repository.
      expect(relative(REPO, cell.build.rootDir).startsWith('..'), cell.build.rootDir).toBe(true)
      expect(existsSync(resolve(cell.build.rootDir, 'node_modules/nuxt-amplify/dist/module.mjs'))).toBe(true)
      expect(existsSync(resolve(cell.build.rootDir, 'node_modules/nuxt-amplify/src'))).toBe(false)
      expect(readFileSync(resolve(cell.build.rootDir, 'nuxt.config.ts'), 'utf8')).toContain(`modules: ['nuxt-amplify']`)
      // The log really holds the build's output and @nuxt/kit's warnings (build-app.mjs logs a probe
      // warning through the logger that reports incompatible modules), so "no warning in it" means something.
      expect(cell.build.log).toContain('[build-app] log probe: warnings of @nuxt/kit reach this log')
      expect(cell.build.log).toContain('[nitro] Nuxt Nitro server built')
      expect(cell.build.log).not.toMatch(/incompatib|nuxt-amplify.*(disabled|not compatible)|INVALID_EXTERNAL_ID/i)
      if (spec.vite) {
        // Vite 8.4 or newer (rolldown 1.3): where Nuxt 4.5+ builds failed with INVALID_EXTERNAL_ID (src/vite-unctx-external.ts).
        const vite = JSON.parse(readFileSync(resolve(cell.build.rootDir, 'node_modules/vite/package.json'), 'utf8')).version
        expect(vite).toMatch(spec.vite)
      }
      expect(cell.server.output()).not.toMatch(/incompatib/i)
      const runtime = await (await fetch(`${cell.server.url}/api/amplify-runtime`, { headers: { cookie: cookieHeader(await cookiesFor(stack, 'alice')) } })).json()
      expect(runtime).toEqual({ path: 'createAmplifyContext', username: 'alice' })
      const version = await (await fetch(`${cell.server.url}/api/node-version`)).json()
      expect(version.node.startsWith(`v${spec.nodeMajor}.`), version.node).toBe(true)
    })

    appScenarios({ url: () => cell.server.url, stack: () => stack })

    it('a page with useAmplifyUser() renders the user during SSR and hydrates in Chromium without a warning', async () => {
      const cookies = await cookiesFor(stack, 'alice')
      const ssr = await (await fetch(`${cell.server.url}/user`, { headers: { cookie: cookieHeader(cookies) } })).text()
      expect(ssr).toContain('Signed in as alice')
      const context = await cell.browser.newContext()
      await context.addCookies(Object.entries(cookies).map(([name, value]) => ({ name: encodeURIComponent(name), value: encodeURIComponent(value), url: cell.server.url })))
      const { page, messages } = await openPage(context)
      await page.goto(`${cell.server.url}/user`)
      await page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)
      expect(await page.locator('#user-state').textContent()).toContain('Signed in as alice')
      expect(messages.filter(m => /hydration|mismatch/i.test(m))).toEqual([])
      // Amplify's notice about the emulator's endpoint is the only warning allowed.
      expect(messages.filter(m => !/custom Amazon .*endpoint/.test(m))).toEqual([])
      await context.close()
    })

    it('server sessions: sign-in through the routes sets HttpOnly token cookies, and the server sees the user', async () => {
      const client = new RouteClient(cell.sessions.url)
      const answer = await client.post('signIn', { username: 'alice', password: stackUser(stack, 'alice').password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
      expect(answer.status).toBe(200)
      expect(answer.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
      const tokens = answer.setCookies.filter(cookie => cookie.name.startsWith('CognitoIdentityServiceProvider.'))
      expect(tokens.some(cookie => cookie.name.endsWith('.refreshToken'))).toBe(true)
      for (const cookie of tokens) expect(cookie.attributes, cookie.name).toMatchObject({ httponly: true })
      expect((await client.get<{ username: string }>('/api/me')).body.username).toBe('alice')
      expect(await (await fetch(`${cell.sessions.url}/user`, { headers: { cookie: cookieHeader(client.jar) } })).text()).toContain('Signed in as alice')
    })

    it('managed login: sign-in route → stand-in → callback signs the user in with HttpOnly cookies', async () => {
      const jar = new CookieJar()
      const { callback } = await httpSignIn(cell.managed, jar, `${spec.workspace}-${nodeName}`, '/user')
      expect(callback.status).toBe(302)
      expect(callback.headers.get('location')).toMatch(/\/user$/)
      const tokens = callback.headers.getSetCookie().filter(line => line.startsWith('CognitoIdentityServiceProvider.'))
      expect(tokens.length).toBeGreaterThan(0)
      for (const line of tokens) expect(line, line.split('=')[0]).toMatch(/;\s*HttpOnly/i)
      const me = await (await fetch(`${cell.sessions.url}/api/me`, { headers: { cookie: jar.header() } })).json()
      expect(me.username).toBe(`google_${spec.workspace}-${nodeName}`)
    })

    more?.(cell)

    it(`the docs' examples pass nuxi typecheck in a new Nuxt ${minor(spec.nuxt)} app on ${nodeName}`, async () => {
      const app = createTypecheckApp(major, readmeBlocks().examples, resolve(cell.build.rootDir, 'node_modules'), { packed: true })
      try {
        const { code, output } = await nuxiTypecheck(app, spec.node)
        expect(output.match(/error TS\d+:.*/g) ?? []).toEqual([])
        expect(code, output).toBe(0)
      }
      finally {
        rmSync(app, { recursive: true, force: true })
      }
    }, 300_000)
  })
  return cell
}
