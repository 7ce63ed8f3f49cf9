// `nuxi dev` as a developer runs it (`npm run dev` does the same for the playground), in a child
// process, with a build dir and a Vite cache dir of its own: NUXT_AMPLIFY_DEV_DIR is read by the
// fixture's nuxt.config (test/fixtures/pages). A fresh directory means an empty Vite cache, so Vite
// optimizes the app's dependencies from scratch, as on a fresh clone.
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, LOOPBACK, waitForHttp } from './net'
import { nodeProcess, type CompatNode } from './compat'

export interface NuxtDevServer {
  url: (path: string) => string
  /** The dev server's output so far (last 200 KB), for failure messages and log assertions. */
  log: () => string
  stop: () => Promise<void>
}

const NUXI = fileURLToPath(new URL('../../node_modules/.bin/nuxi', import.meta.url))
const LOG_LIMIT = 200_000

/**
 * This process's environment without the marks of a test run (VITEST, TEST, NODE_ENV=test): with
 * them, nuxi dev runs unforked and logs warnings only, unlike in a developer's terminal.
 */
function developerEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(?:VITEST|TEST$|NODE_ENV$)/.test(name)))
  return { ...env, CONSOLA_LEVEL: '3' } // info: Vite's "new dependencies optimized" lines included
}

/**
 * `nuxi dev` of `rootDir`. `options.nuxi`: another install's nuxi (a compatibility workspace's
 * node_modules/.bin/nuxi); `options.node`: run it on that Node binary workspace (its bin/ first on PATH).
 */
export async function startNuxtDev(rootDir: string, env: Record<string, string> = {}, options: { nuxi?: string, node?: CompatNode } = {}): Promise<NuxtDevServer> {
  await mkdir(resolve(rootDir, '.nuxt'), { recursive: true })
  const dir = await mkdtemp(resolve(rootDir, '.nuxt', 'dev-'))
  const port = await freePort()
  const node = nodeProcess(options.node, developerEnv())
  const child = spawn(node.execPath, [options.nuxi ?? NUXI, 'dev', rootDir, '--host', LOOPBACK, '--port', String(port)], {
    env: { ...node.env, ...env, NUXT_AMPLIFY_DEV_DIR: dir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() also ends the Vite/Nitro workers it starts
  })
  let output = ''
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-LOG_LIMIT)
  }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  let exited: string | undefined
  child.on('exit', (code, signal) => {
    exited = `nuxi dev exited (${signal ?? code})`
  })

  const stop = async () => {
    if (!exited && child.pid) {
      const gone = new Promise(done => child.once('exit', done))
      process.kill(-child.pid, 'SIGTERM')
      await Promise.race([gone, new Promise(done => setTimeout(done, 10_000))])
      if (!exited) process.kill(-child.pid, 'SIGKILL')
    }
    await rm(dir, { recursive: true, force: true })
  }
  const base = `http://${LOOPBACK}:${port}`
  try {
    // The first request compiles the app; under load that takes a while. /api/me answers an
    // anonymous request 401 (the playground's, which the pages fixture extends).
    await waitForHttp(`${base}/api/me`, { timeoutMs: 240_000, intervalMs: 500, abort: () => exited, readyStatuses: [401] })
  }
  catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n--- nuxi dev output ---\n${output.slice(-5000)}`)
  }
  return { url: path => `${base}${path}`, log: () => output, stop }
}
