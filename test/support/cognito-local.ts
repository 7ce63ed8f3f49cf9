// Starts the `cognito-local` user-pool emulator (npm cognito-local 5.3.0) as a child process.
//
// Facts read from node_modules/cognito-local/lib (5.3.0), relied on below:
// - lib/bin/start.js reads HOST and PORT from the environment and keeps ALL state under
//   `./.cognito/` relative to its cwd (`.cognito/config.json` = config, `.cognito/db/*.json` =
//   pools and clients). So each instance gets its own temp dir as cwd: no shared state.
// - config.json is deep-merged over the defaults (arrays are replaced, not merged).
// - Tokens are RS256, signed with ONE fixed key shipped in the package (kid "CognitoLocal").
//   `iss` = `${TokenConfig.IssuerDomain}/${userPoolId}`; IssuerDomain defaults to
//   `http://${HOST}:${PORT}` (services/tokenGenerator.js, server/config.js).
// - JWKS: GET /<anyPoolId>/.well-known/jwks.json answers that single key for any pool id.
//   GET /<poolId>/.well-known/openid-configuration exists but hard-codes
//   http://localhost:9229 in `issuer`/`jwks_uri`, so never rely on it.
// - GET /health answers {"ok":true}: used as the readiness probe.
// - The default config sets UserPoolDefaults.UsernameAttributes = ["email"], which makes every
//   new pool an "e-mail as username" pool (AdminCreateUser then rejects "alice" and replaces an
//   e-mail username with a UUID). We override it with [] to get a classic username pool, in
//   which "bob@example.com" is a literal username, as in a real pool without username attributes.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, LOOPBACK, waitForHttp } from './net'

export interface CognitoLocalOptions {
  /** State dir used as the emulator's cwd. Default: a fresh temp dir, removed on stop(). */
  dir?: string
  /** Port to listen on. Default: a free loopback port. */
  port?: number
  /**
   * Prefix of the `iss` claim (`${issuerDomain}/${poolId}`). Default: the emulator's own URL.
   * AppSync simulator tests need `https://cognito-idp.us-east-1.amazonaws.com`.
   */
  issuerDomain?: string
  /** Extra config merged into `.cognito/config.json`. */
  config?: Record<string, unknown>
  /** Keep the temp dir on stop() (for debugging the emulator's JSON state and log). */
  keepDir?: boolean
  startTimeoutMs?: number
}

export interface CognitoLocal {
  url: string
  port: number
  dir: string
  issuerDomain: string
  /** The emulator's stdout/stderr (pino-pretty lines). */
  logFile: string
  stop(): Promise<void>
}

const require = createRequire(import.meta.url)
const ORDERED_WRITES = fileURLToPath(new URL('./stormdb-ordered-writes.cjs', import.meta.url))

/** Absolute path of cognito-local's CLI, independent of the caller's cwd. */
export function cognitoLocalBin(): string {
  return join(dirname(require.resolve('cognito-local/package.json')), 'lib', 'bin', 'start.js')
}

// Preloaded into the child: exits when its parent (the test runner) goes away without calling
// stop(), e.g. on SIGKILL or a crash, so no orphaned emulators (or temp dirs) survive a test run.
const WATCHDOG = `const parent = process.ppid
const ownedDir = process.env.COGNITO_LOCAL_OWNED_DIR
setInterval(() => {
  if (process.ppid === parent) return
  if (ownedDir) require('node:fs').rmSync(ownedDir, { recursive: true, force: true })
  process.exit(0)
}, 500).unref()
`

export async function startCognitoLocal(options: CognitoLocalOptions = {}): Promise<CognitoLocal> {
  const dir = options.dir ?? await mkdtemp(join(tmpdir(), 'nuxt-amplify-cognito-'))
  const ownsDir = !options.dir
  try {
    // A random free port can be grabbed by someone else before the child binds it: retry.
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? await freePort()
      try {
        return await launch(dir, port, ownsDir, options)
      }
      catch (error) {
        const inUse = /EADDRINUSE/.test((error as Error).message)
        if (!inUse || options.port || attempt >= 3) throw error
      }
    }
  }
  catch (error) {
    if (ownsDir && !options.keepDir) await rm(dir, { recursive: true, force: true })
    throw error
  }
}

async function launch(dir: string, port: number, ownsDir: boolean, options: CognitoLocalOptions): Promise<CognitoLocal> {
  const url = `http://${LOOPBACK}:${port}`
  const issuerDomain = (options.issuerDomain ?? url).replace(/\/+$/, '')
  await mkdir(join(dir, '.cognito'), { recursive: true })
  const config = {
    UserPoolDefaults: { UsernameAttributes: [] },
    ...options.config,
    TokenConfig: { IssuerDomain: issuerDomain },
  }
  await writeFile(join(dir, '.cognito', 'config.json'), JSON.stringify(config, null, 2))
  await writeFile(join(dir, 'watchdog.cjs'), WATCHDOG)

  const logFile = join(dir, 'cognito-local.log')
  const logFd = openSync(logFile, 'a')
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: LOOPBACK, PORT: String(port) }
  // DEBUG=1 switches the emulator to debug logging of every store write: far too slow.
  delete env.DEBUG
  delete env.COGNITO_LOCAL_DEVMODE
  env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1' // cognito-local still uses aws-sdk v2
  if (ownsDir && !options.keepDir) env.COGNITO_LOCAL_OWNED_DIR = dir
  else delete env.COGNITO_LOCAL_OWNED_DIR
  // Its state files, read by the shim, saved in order and atomically (stormdb-ordered-writes.cjs).
  env.COGNITO_LOCAL_ORDERED_WRITES = '1'
  const child = spawn(process.execPath, ['--require', join(dir, 'watchdog.cjs'), '--require', ORDERED_WRITES, cognitoLocalBin()], {
    cwd: dir,
    env,
    stdio: ['ignore', logFd, logFd],
  })
  closeSync(logFd) // the child holds its own copy of the descriptor

  let exited: string | undefined
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `cognito-local exited (code ${code}, signal ${signal})`
      resolve()
    })
  })
  const logTail = () => readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')

  try {
    await waitForHttp(`${url}/health`, {
      timeoutMs: options.startTimeoutMs ?? 30_000,
      abort: () => (exited ? `${exited}\n${logTail()}` : undefined),
    })
  }
  catch (error) {
    await kill(child, exitPromise)
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${logTail()}`)
  }

  let stopped: Promise<void> | undefined
  return {
    url,
    port,
    dir,
    issuerDomain,
    logFile,
    stop() {
      stopped ??= (async () => {
        await kill(child, exitPromise)
        if (ownsDir && !options.keepDir) await rm(dir, { recursive: true, force: true })
      })()
      return stopped
    },
  }
}

/** SIGTERM, then SIGKILL if the child has not exited after 3 s. */
async function kill(child: ChildProcess, exitPromise: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
  await exitPromise
  clearTimeout(timer)
}
