import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

// Checks that `npm run bench` works and reports every field: a few requests per case (BENCH_SMOKE),
// never a speed. Speed targets are ratios the bench prints, not assertions. The bench apps are built
// on the first run only (node-server and aws-lambda, about three minutes on two cores) and reused
// afterwards (test/bench/fixtures/*/.output, .output-aws-lambda).
const root = fileURLToPath(new URL('../..', import.meta.url))

/** A smoke run of `npm run bench` with `env`; its results.json and what it printed. */
async function smokeRun(env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'nuxt-amplify-bench-'))
  try {
    const out = join(dir, 'results.json')
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'node_modules/jiti/lib/jiti-cli.mjs'), 'test/bench/run.ts'], {
      cwd: root,
      env: { ...process.env, BENCH_SMOKE: '1', BENCH_OUT: out, ...env },
      maxBuffer: 16 * 1024 * 1024,
    })
    return { results: JSON.parse(await readFile(out, 'utf8')), stdout }
  }
  finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe('benchmark smoke run', () => {
  it('runs every case and writes every result field', async () => {
    {
      const { results } = await smokeRun()
      for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
        expect(results.cases[id]).toMatchObject({ rps: expect.any(Number), p50: expect.any(Number), p99: expect.any(Number), failures: 0 })
        expect(results.cases[id].requests).toBeGreaterThan(0)
      }
      expect(Object.keys(results.ratios)).toEqual(['b/a', 'b/c', 'd/e', 'f/b'])
      expect(results.ratios['f/b']).toBeGreaterThan(0)
      expect(results.roundRatios['b/a']).toEqual([expect.any(Number), expect.any(Number)])
      expect(results.roundRatios['f/b']).toEqual([expect.any(Number), expect.any(Number)])
      expect(results.cognito).toMatchObject({ authenticatedRequests: expect.any(Number), callsPerRequestAfterJwks: expect.any(Number) })
      // (f), server sessions: its own count of requests and of Cognito calls, inside the total.
      expect(results.cognito.serverSessions).toMatchObject({ requests: expect.any(Number), callsPerRequestAfterJwks: expect.any(Number) })
      expect(results.cognito.serverSessions.requests).toBeGreaterThanOrEqual(results.cases.f.requests) // warm-up included
      expect(results.cognito.serverSessions.requests).toBeLessThanOrEqual(results.cognito.authenticatedRequests)
      expect(results.memory).toMatchObject({ requests: 200, rssBefore: expect.any(Number), rssAfter: expect.any(Number), rssGrowthPercent: expect.any(Number) })
      expect(results.memory.rssCheckpoints).toHaveLength(4)
      expect(results.memory.rssAfter).toBe(results.memory.rssCheckpoints[3])
      expect(results.clientJs).toMatchObject({ withModuleGzip: expect.any(Number), noModuleGzip: expect.any(Number), extraGzipBytes: expect.any(Number), allEmitted: { extraGzipBytes: expect.any(Number) } })
      // aws-lambda builds: bundle sizes of both apps, and one cold start each that answered the signed-in user.
      for (const app of ['withModule', 'noModule']) {
        const bundle = results.serverBundle[app]
        expect(bundle.files).toBeGreaterThan(0)
        expect(bundle.gzip).toBeGreaterThan(0)
        expect(bundle.gzip).toBeLessThan(bundle.bytes)
        expect(bundle.nodeModulesBytes).toBeLessThan(bundle.bytes)
        const cold = results.coldStart[app]
        expect(cold.processes).toBe(1)
        expect(cold.loadMs).toBeGreaterThan(0)
        expect(cold.firstResponseMs).toBeGreaterThanOrEqual(cold.loadMs)
        expect(cold.firstResponseRange).toEqual([cold.firstResponseMs, cold.firstResponseMs])
        expect(cold.firstResponseCpuMs).toBeGreaterThan(0)
        expect(cold.warmResponseMs).toBeGreaterThan(0)
      }
      expect(results.serverBundle.extraBytes).toBe(results.serverBundle.withModule.bytes - results.serverBundle.noModule.bytes)
      expect(results.coldStart).toMatchObject({ preset: 'aws-lambda', route: '/api/me', ratio: expect.any(Number), cpuRatio: expect.any(Number) })
      expect(results.coldStart.ratio).toBeGreaterThan(0)
      // The module's Nitro plugins load before every cold start, also of routes without Amplify: they
      // must import no package that the app without the module does not (aws-amplify came in that way).
      expect(results.coldStart.startupPackages.withModule).toEqual(results.coldStart.startupPackages.noModule)
      expect(results.targets['cold start with/without the module (aws-lambda)']).toMatchObject({ target: '<= 1.25', value: results.coldStart.ratio })
      expect(results.targets['f/b (server sessions / browser sessions)']).toMatchObject({ target: '>= 0.95', value: results.ratios['f/b'] })
      expect(results.targets['cognito calls/request, server sessions']).toMatchObject({ target: '0', value: results.cognito.serverSessions.callsPerRequestAfterJwks })
      expect(Object.keys(results.targets)).toHaveLength(8)
      expect(results.machine.cpus).toBeGreaterThan(0)
      expect(results.machine.node).toBe(process.version)
    }
  }, 600_000)

  // BENCH_NODE=24: the same builds, served (and cold-started) by the Node 24 binary of test/compat/node24.
  it('runs on Node 24 with BENCH_NODE=24 and says so', async () => {
    const { results, stdout } = await smokeRun({ BENCH_NODE: '24' })
    expect(results.machine.node).toMatch(/^v24\./)
    expect(results.machine.runnerNode).toBe(process.version)
    expect(stdout).toContain(`Node ${results.machine.node} (servers`)
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) expect(results.cases[id]).toMatchObject({ failures: 0 })
    expect(results.memory.rssCheckpoints).toHaveLength(4)
    expect(results.coldStart.withModule.processes).toBe(1)
  }, 600_000)
})
