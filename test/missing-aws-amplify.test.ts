// aws-amplify is a peer dependency, so `npm install --legacy-peer-deps` leaves it out. The app here
// lives in a temporary directory outside this repository (nothing above it has a node_modules with
// aws-amplify) and gets only `nuxt` linked in; the module is this checkout's src/. Both `nuxi build`
// and `nuxi dev` must stop with the module's one line, not a stack trace into Vite.
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadNuxt } from '@nuxt/kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const REPO = fileURLToPath(new URL('..', import.meta.url))
const NUXI = join(REPO, 'node_modules/.bin/nuxi')
let app: string
/** nuxi processes still running when the file ends (a test that failed before they exited). */
const running = new Set<number>()

/** Runs nuxi to its exit (a module error ends `nuxi dev` too) and returns its whole output. */
function nuxi(args: string[]): Promise<{ code: number | null, output: string }> {
  // Without the test runner's marks nuxi behaves as in a developer's terminal (forked dev server).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(?:VITEST|TEST$|NODE_ENV$)/.test(name)))
  // Its own process group, so afterAll can end `nuxi dev`'s forked server with it.
  const child = spawn(NUXI, args, { env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  running.add(child.pid!)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => output += chunk.toString('utf8'))
  child.stderr.on('data', (chunk: Buffer) => output += chunk.toString('utf8'))
  return new Promise(done => child.on('close', (code) => {
    running.delete(child.pid!)
    done({ code, output })
  }))
}

beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), 'nuxt-amplify-no-peer-'))
  await mkdir(join(app, 'node_modules'))
  await symlink(join(REPO, 'node_modules/nuxt'), join(app, 'node_modules/nuxt'))
  await writeFile(join(app, 'package.json'), '{ "private": true }\n')
  await writeFile(join(app, 'nuxt.config.ts'), `export default defineNuxtConfig({
  modules: [${JSON.stringify(join(REPO, 'src/module'))}],
  compatibilityDate: '2025-01-01',
  amplify: { config: { Auth: { Cognito: { userPoolId: 'us-east-1_abcdefghi', userPoolClientId: '1234567890abcdefghijklmnop' } } } },
})
`)
})

afterAll(async () => {
  for (const pid of running) process.kill(-pid, 'SIGKILL')
  if (app) await rm(app, { recursive: true, force: true })
})

describe('an app without aws-amplify', async () => {
  const { peerDependencies } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8'))
  const range = peerDependencies['aws-amplify'] as string

  /** The output's `[nuxt-amplify]` lines, and whether any line looks like a stack frame. */
  function check(output: string) {
    const lines = output.split('\n').filter(line => line.includes('[nuxt-amplify]'))
    expect(lines, output).toHaveLength(1)
    expect(lines[0]).toContain('npm install aws-amplify')
    expect(lines[0]).toContain(range)
    expect(output).not.toMatch(/^\s+at /m)
    expect(output).not.toContain('Cannot find module')
  }

  it('nuxi build stops with one line naming the install and the supported range', async () => {
    const { code, output } = await nuxi(['build', app])
    expect(code).not.toBe(0)
    check(output)
  }, 300_000)

  it('nuxi dev stops at start with the same line', async () => {
    const { code, output } = await nuxi(['dev', app, '--host', '127.0.0.1', '--port', '0'])
    expect(code).not.toBe(0)
    check(output)
  }, 300_000)

  it('the same app with aws-amplify installed next to it passes the check (resolved from the app, not the module)', async () => {
    await symlink(join(REPO, 'node_modules/aws-amplify'), join(app, 'node_modules/aws-amplify'))
    const nuxt = await loadNuxt({ cwd: app, dev: false })
    await nuxt.close()
    expect(nuxt.options._installedModules.map(installed => installed.meta?.name)).toContain('nuxt-amplify')
  }, 300_000)
})
