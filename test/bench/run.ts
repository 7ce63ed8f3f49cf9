// `npm run bench`: what nuxt-amplify costs per request, side by side with what an app runs without it.
// Builds two production apps (test/bench/fixtures), starts the local Cognito emulator and both servers
// on loopback, signs users in for real, then drives load with autocannon in alternating rounds
// (a b c d e f, b c d e f a, …) so that noise from the machine hits every case alike; (f) is (b) on a
// second process of the same build with server sessions (HttpOnly cookies, steady state). Writes
// test/bench/results.json (BENCH_OUT overrides) and prints a table. Knobs (env): BENCH_ROUNDS,
// BENCH_ROUND_SECONDS, BENCH_CONNECTIONS, BENCH_USERS, BENCH_SOAK_REQUESTS, BENCH_REUSE_BUILD=1,
// BENCH_SMOKE=1 (a few requests per case, reusing builds: the test suite's check that this runs),
// BENCH_NODE=22|24|<path to node> (the Node that runs the servers and cold starts; see lib/server.ts),
// BENCH_CPU_PROF=<dir> (profiles both servers), BENCH_COLD_STARTS (fresh processes per app, see below).
// Cold start and server bundle: both apps are also built with the aws-lambda preset; each of
// BENCH_COLD_STARTS fresh Node processes loads a handler and answers one signed-in /api/me (lib/cold-start.ts).
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { loadavg } from 'node:os'
import { startStack } from '../support/stack'
import { cookieHeader, signInCookies } from '../support/sign-in'
import { BENCH_FIXTURES, buildBenchFixture } from './lib/build'
import { BENCH_NODE_BINARY, startBenchServer, type BenchServer } from './lib/server'
import { nodeVersion } from '../support/node-lines'
import { runLoad, summarize, type RoundResult } from './lib/load'
import { measureClientJs, measurePageJs } from './lib/client-js'
import { CASES, type BenchResults, type CaseId, checkTargets, computeRatios, formatResults, machineInfo, roundRatioRanges } from './lib/report'
import { checkCase, checkServerSessionSteadyState, readMemory } from './lib/probe'
import { measureColdStarts } from './lib/cold-start'
import { measureServerBundle } from './lib/server-bundle'
import { startupPackages } from './lib/startup-imports'
import { SERVER_SESSION_MARKER } from '../../src/runtime/server/session/session-mode'

const smoke = !!process.env.BENCH_SMOKE
const num = (name: string, normal: number, tiny: number) => Number(process.env[name] ?? (smoke ? tiny : normal))
// Ten short rounds rather than five long ones: the same load time per case, but on a shared 2-core
// machine one round's b/a moves by ±0.1 from the next, and the mean of ten varies less than that of five.
const settings = {
  rounds: num('BENCH_ROUNDS', 10, 1),
  roundSeconds: num('BENCH_ROUND_SECONDS', 4, 0.5),
  connections: num('BENCH_CONNECTIONS', 10, 2),
  users: num('BENCH_USERS', 20, 2),
  soakRequests: num('BENCH_SOAK_REQUESTS', 100_000, 200),
  coldStarts: num('BENCH_COLD_STARTS', 7, 1),
}
const warmupSeconds = smoke ? 0.3 : 2
const outFile = process.env.BENCH_OUT || fileURLToPath(new URL('./results.json', import.meta.url))

/**
 * Where each case runs: the module's app serves a–d, the app without the module serves e, and a second
 * process of the module's build, switched to server sessions at run time, serves f.
 */
const ROUTES: Record<CaseId, { app: 'with-module' | 'no-module', path: string, session?: 'server' }> = {
  a: { app: 'with-module', path: '/api/bare' },
  b: { app: 'with-module', path: '/api/me' },
  c: { app: 'with-module', path: '/api/recipe' },
  d: { app: 'with-module', path: '/' },
  e: { app: 'no-module', path: '/' },
  f: { app: 'with-module', path: '/api/me', session: 'server' },
}

async function main() {
  const started = Date.now()
  const machine = machineInfo(nodeVersion(BENCH_NODE_BINARY))
  console.info(`[bench] servers run on Node ${machine.node}${process.env.BENCH_NODE ? ` (BENCH_NODE=${process.env.BENCH_NODE})` : ' (the machine\'s; BENCH_NODE=24 for another line)'}`)
  for (const preset of ['node-server', 'aws-lambda'] as const) {
    for (const name of BENCH_FIXTURES) {
      const build = await buildBenchFixture(name, { reuse: smoke || !!process.env.BENCH_REUSE_BUILD, preset })
      console.info(`[bench] ${name} (${preset}): ${build.reused ? 'reusing the existing build' : `built in ${build.seconds.toFixed(0)} s`}`)
    }
  }

  const stack = await startStack({ users: [] })
  const servers: BenchServer[] = []
  try {
    const users = await stack.createUsers(settings.users, { prefix: 'bench' })
    const cookies: string[] = []
    for (const user of users) cookies.push(cookieHeader(await signInCookies(stack, user)))
    // Cold starts first, while no bench server is running: one process at a time, both apps alternating.
    const coldStarts = await measureColdStarts(stack, cookies[0]!, users[0]!.username, settings.coldStarts)
    console.info(`[bench] cold start (aws-lambda, median of ${settings.coldStarts}): ${coldStarts['with-module'].firstResponseMs} ms with the module, ${coldStarts['no-module'].firstResponseMs} ms without`)
    for (const name of BENCH_FIXTURES) servers.push(await startBenchServer(name, stack))
    servers.push(await startBenchServer('with-module', stack, 'server'))
    const server = (id: CaseId) => servers.find(s => s.name === ROUTES[id].app && s.session === (ROUTES[id].session ?? 'browser'))!
    const ids = Object.keys(CASES) as CaseId[]
    // Server sessions in their steady state: the cookies the server has already rewritten HttpOnly,
    // which it marks with its marker cookie (the one-time carry-over is not what every request costs).
    const serverCookies = cookies.map(cookie => `${cookie}; ${SERVER_SESSION_MARKER}=1`)
    const cookiesOf = (id: CaseId) => (ROUTES[id].session === 'server' ? serverCookies : cookies)
    const load = (id: CaseId, seconds: number, amount?: number) =>
      runLoad({ url: server(id).url, path: ROUTES[id].path, cookies: cookiesOf(id), connections: settings.connections, duration: seconds, amount })

    // Cognito calls are read between rounds, so each case gets its own count ('setup': the checks below).
    stack.resetCounts()
    const calls: Record<string, Record<string, number>> = {}
    let seen: Record<string, number> = {}
    const attribute = (id: CaseId | 'setup') => {
      const now = stack.counts()
      for (const [key, count] of Object.entries(now)) {
        const delta = count - (seen[key] ?? 0)
        if (delta) (calls[id] ??= {})[key] = ((calls[id] ??= {})[key] ?? 0) + delta
      }
      seen = { ...now }
    }
    const authRequests: Record<CaseId, number> = { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 }
    const count = (id: CaseId, result: RoundResult) => {
      authRequests[id] += result.requests
      attribute(id)
      return result
    }

    // Every case must answer 200 with the signed-in user before its speed means anything.
    for (const id of ids) await checkCase(id, server(id).url, ROUTES[id].path, cookiesOf(id)[0]!, users[0]!.username)
    await checkServerSessionSteadyState(server('f').url, ROUTES.f.path, { carriedOver: serverCookies[0]!, fresh: cookies[0]! }, SERVER_SESSION_MARKER, users[0]!.username)
    attribute('setup')
    for (const id of ids) count(id, await load(id, warmupSeconds)) // JIT, connection pools, first JWKS fetch
    const rounds: Record<CaseId, RoundResult[]> = { a: [], b: [], c: [], d: [], e: [], f: [] }
    for (let round = 1; round <= settings.rounds; round++) {
      // Each round starts one case later (a b c d e f, then b c d e f a, …): every six rounds each case
      // runs once in every position, so what the previous case leaves behind (a page render's
      // garbage in the shared server) does not always fall on the same case.
      const order = ids.map((_, i) => ids[(i + round - 1) % ids.length]!)
      for (const id of order) rounds[id].push(count(id, await load(id, settings.roundSeconds)))
      console.info(`[bench] round ${round}/${settings.rounds}: ${ids.map(id => `${id} ${Math.round(rounds[id].at(-1)!.requests / rounds[id].at(-1)!.seconds)}/s`).join(', ')}`)
    }

    // Memory: a server process of its own that serves only (b), so that what the page rounds left in
    // the shared one is not counted. RSS and heap are read after full GCs (fixtures/memory-handler.ts):
    // before the soak and after each quarter of it. A fresh process first grows once (optimized code,
    // young generation, socket pools), so the soak starts after half of it as warm-up.
    const soakServer = await startBenchServer('with-module', stack)
    servers.push(soakServer)
    const soak = (amount: number) => runLoad({ url: soakServer.url, path: ROUTES.b.path, cookies, connections: settings.connections, amount })
    count('b', await soak(Math.ceil(settings.soakRequests / 2)))
    const before = await readMemory(soakServer.url)
    const checkpoints: Awaited<ReturnType<typeof readMemory>>[] = []
    for (let quarter = 0; quarter < 4; quarter++) {
      count('b', await soak(Math.ceil(settings.soakRequests / 4)))
      checkpoints.push(await readMemory(soakServer.url))
    }
    const after = checkpoints.at(-1)!
    console.info(`[bench] memory soak: ${settings.soakRequests} requests done`)

    const cases = Object.fromEntries(ids.map(id => [id, { label: CASES[id], ...summarize(rounds[id]) }])) as BenchResults['cases']
    const authenticated = (['b', 'c', 'd', 'e', 'f'] as const).reduce((sum, id) => sum + authRequests[id], 0)
    const allCalls: Record<string, number> = {}
    for (const perCase of Object.values(calls)) for (const [key, n] of Object.entries(perCase)) allCalls[key] = (allCalls[key] ?? 0) + n
    const jwks = allCalls.jwks ?? 0
    const otherCalls = Object.values(allCalls).reduce((sum, n) => sum + n, 0) - jwks
    // Each server process may fetch the JWKS once (then it is cached); anything beyond is a per-request cost.
    const extraJwks = Math.max(0, jwks - servers.length)
    // Case (f) alone (its process's JWKS fetch falls in 'setup', while its cookies are checked).
    const fCalls = Object.entries(calls.f ?? {}).reduce((sum, [key, n]) => sum + (key === 'jwks' ? Math.max(0, n - 1) : n), 0)
    const serverSessions = { requests: authRequests.f, callsPerRequestAfterJwks: +(fCalls / Math.max(1, authRequests.f)).toFixed(4) }
    // Client JS: what the page makes the browser download (the target), and every emitted file.
    const withJs = await measurePageJs('with-module', server('d').url, cookies[0]!)
    const withoutJs = await measurePageJs('no-module', server('e').url, cookies[0]!)
    const withAll = measureClientJs('with-module')
    const withoutAll = measureClientJs('no-module')
    const bundleWith = measureServerBundle('with-module')
    const bundleWithout = measureServerBundle('no-module')
    const partial = {
      date: new Date().toISOString(),
      machine: { ...machine, loadAfter: loadavg().map(n => +n.toFixed(2)) },
      settings,
      cases,
      ratios: computeRatios(cases),
      roundRatios: roundRatioRanges(rounds),
      cognito: { authenticatedRequests: authenticated, calls: allCalls, perCase: calls, jwksFetches: jwks, callsPerRequestAfterJwks: +((otherCalls + extraJwks) / authenticated).toFixed(4), serverSessions },
      memory: {
        requests: settings.soakRequests,
        rssBefore: before.rss,
        rssAfter: after.rss,
        rssGrowthPercent: +((after.rss / before.rss - 1) * 100).toFixed(1),
        heapBefore: before.heapUsed,
        heapAfter: after.heapUsed,
        rssCheckpoints: checkpoints.map(c => c.rss),
      },
      clientJs: {
        withModuleGzip: withJs.gzip,
        noModuleGzip: withoutJs.gzip,
        extraGzipBytes: withJs.gzip - withoutJs.gzip,
        allEmitted: { withModuleGzip: withAll.gzip, noModuleGzip: withoutAll.gzip, extraGzipBytes: withAll.gzip - withoutAll.gzip },
      },
      serverBundle: {
        preset: 'aws-lambda' as const,
        withModule: bundleWith,
        noModule: bundleWithout,
        extraBytes: bundleWith.bytes - bundleWithout.bytes,
        extraGzipBytes: bundleWith.gzip - bundleWithout.gzip,
      },
      coldStart: {
        preset: 'aws-lambda' as const,
        route: '/api/me',
        withModule: coldStarts['with-module'],
        noModule: coldStarts['no-module'],
        ratio: +(coldStarts['with-module'].firstResponseMs / coldStarts['no-module'].firstResponseMs).toFixed(2),
        cpuRatio: +(coldStarts['with-module'].firstResponseCpuMs / coldStarts['no-module'].firstResponseCpuMs).toFixed(2),
        startupPackages: { withModule: startupPackages('with-module'), noModule: startupPackages('no-module') },
      },
    }
    const results: BenchResults = { ...partial, targets: checkTargets(partial), seconds: Math.round((Date.now() - started) / 1000) }
    await writeFile(outFile, `${JSON.stringify(results, null, 2)}\n`)
    console.info(formatResults(results))
    console.info(`[bench] results written to ${outFile} (${results.seconds} s in all)`)
  }
  finally {
    for (const s of servers) await s.stop()
    await stack.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
