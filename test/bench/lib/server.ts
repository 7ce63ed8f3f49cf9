import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { freePort, LOOPBACK, waitForHttp } from '../../support/net'
import type { StackData } from '../../support/stack-data'
import { resolveNodeBinary } from '../../support/node-lines'
import { type BenchFixture, benchOutputDir } from './build'

/**
 * The Node that runs the bench servers and cold starts: BENCH_NODE=22 or 24 (the binaries of
 * test/compat/node22, node24), `machine`, or a path to a `node` binary; unset, the machine's Node. The
 * builds and the load generator always run on the machine's Node, so every line serves the same build.
 */
export const BENCH_NODE_BINARY = resolveNodeBinary(process.env.BENCH_NODE)

export interface BenchServer {
  name: BenchFixture
  /** The module's session mode this process runs with (run-time `NUXT_PUBLIC_AMPLIFY_SESSION`). */
  session: 'browser' | 'server'
  url: string
  pid: number
  stop(): Promise<void>
}

/**
 * The run-time env that points a (stack-independent) bench build at this run's emulator: the module
 * reads NUXT_PUBLIC_AMPLIFY_*, the hand-written recipes read NUXT_PUBLIC_BENCH_COGNITO.
 */
export function stackEnv(stack: StackData): Record<string, string> {
  const cognito = { userPoolId: stack.userPoolId, userPoolClientId: stack.clientId }
  return {
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: cognito } }),
    NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
    NUXT_PUBLIC_BENCH_COGNITO: JSON.stringify({ ...cognito, userPoolEndpoint: stack.endpoint }),
  }
}

/**
 * Starts a built fixture as `node .output/server/index.mjs` on loopback, the way it runs in
 * production. `--expose-gc` lets /__bench/memory collect garbage before reading memory;
 * BENCH_CPU_PROF=<dir> adds `--cpu-prof` for profiling (written when the server stops).
 * `session: 'server'` runs the same build with server sessions, switched at run time. The bench build
 * has no auth routes (browser sessions at build time leave them off), so there is no session password
 * to check at start-up; the steady-state `/api/me` does not use them.
 */
export async function startBenchServer(name: BenchFixture, stack: StackData, session: 'browser' | 'server' = 'browser'): Promise<BenchServer> {
  const port = await freePort()
  const flags = ['--expose-gc']
  if (process.env.BENCH_CPU_PROF) flags.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${name}${session === 'server' ? '-server' : ''}.cpuprofile`)
  const child: ChildProcess = spawn(BENCH_NODE_BINARY, [...flags, resolve(benchOutputDir(name), 'server/index.mjs')], {
    env: { ...process.env, ...stackEnv(stack), NUXT_PUBLIC_AMPLIFY_SESSION: session, HOST: LOOPBACK, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000)
    if (process.env.BENCH_SERVER_LOGS) process.stderr.write(chunk)
  })
  let exited = false
  child.on('exit', () => {
    exited = true
  })
  const url = `http://${LOOPBACK}:${port}`
  await waitForHttp(`${url}/__bench/memory`, { abort: () => (exited ? `the server exited: ${stderr}` : undefined), timeoutMs: 60_000 })
    .catch(async (error) => {
      child.kill('SIGKILL')
      throw error
    })
  return {
    name,
    session,
    url,
    pid: child.pid!,
    stop: () => new Promise<void>((done) => {
      if (exited) return done()
      child.once('exit', () => done())
      child.kill('SIGINT') // SIGINT lets --cpu-prof write its profile
    }),
  }
}
