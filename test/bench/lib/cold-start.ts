import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { StackData } from '../../support/stack-data'
import { type BenchFixture, benchOutputDir } from './build'
import { BENCH_NODE_BINARY, stackEnv } from './server'

export interface ColdStartRun { loadMs: number, firstResponseMs: number, firstResponseCpuMs: number, warmResponseMs: number }

/** Medians over the fresh processes of one app, and the spread of the number that matters. */
export interface ColdStartSummary {
  processes: number
  /** `import()` of .output/server/index.mjs (the Lambda handler module). */
  loadMs: number
  /** From the start of that import to the first signed-in answer of /api/me: the cold start. */
  firstResponseMs: number
  firstResponseRange: [number, number]
  /** CPU time of the process over that span: less moved by other processes on a shared machine. */
  firstResponseCpuMs: number
  /** The same request again in the same process: what is left once everything is loaded. */
  warmResponseMs: number
}

const childScript = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url))
const round1 = (n: number) => Math.round(n * 10) / 10
const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** One fresh `node` process loading an app's aws-lambda handler and answering one signed-in request. */
async function coldStartOnce(name: BenchFixture, stack: StackData, cookie: string, username: string): Promise<ColdStartRun> {
  const entry = resolve(benchOutputDir(name, 'aws-lambda'), 'server/index.mjs')
  const { stdout } = await promisify(execFile)(BENCH_NODE_BINARY, [childScript, entry, '/api/me', cookie], {
    env: { ...process.env, ...stackEnv(stack), NODE_ENV: 'production' },
    maxBuffer: 1024 * 1024,
  })
  const result = JSON.parse(stdout) as ColdStartRun & { statusCode: number, body: string }
  // A 401 would be a fast cold start for the wrong reason: the answer must be this user.
  if (result.statusCode !== 200 || !result.body.includes(`"username":"${username}"`)) {
    throw new Error(`[bench] cold start of ${name}: /api/me answered ${result.statusCode}: ${result.body}`)
  }
  return result
}

/**
 * Cold starts of both apps' aws-lambda builds, `processes` fresh Node processes each, alternating
 * apps (with, without, without, with, …) so that the machine's noise falls on both alike.
 */
export async function measureColdStarts(stack: StackData, cookie: string, username: string, processes: number): Promise<Record<BenchFixture, ColdStartSummary>> {
  const runs: Record<BenchFixture, ColdStartRun[]> = { 'with-module': [], 'no-module': [] }
  for (let i = 0; i < processes; i++) {
    const order: BenchFixture[] = i % 2 ? ['no-module', 'with-module'] : ['with-module', 'no-module']
    for (const name of order) runs[name].push(await coldStartOnce(name, stack, cookie, username))
  }
  const summary = (list: ColdStartRun[]): ColdStartSummary => ({
    processes: list.length,
    loadMs: round1(median(list.map(r => r.loadMs))),
    firstResponseMs: round1(median(list.map(r => r.firstResponseMs))),
    firstResponseRange: [round1(Math.min(...list.map(r => r.firstResponseMs))), round1(Math.max(...list.map(r => r.firstResponseMs)))],
    firstResponseCpuMs: round1(median(list.map(r => r.firstResponseCpuMs))),
    warmResponseMs: round1(median(list.map(r => r.warmResponseMs))),
  })
  return { 'with-module': summary(runs['with-module']), 'no-module': summary(runs['no-module']) }
}
