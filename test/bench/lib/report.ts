import { cpus, loadavg, totalmem } from 'node:os'
import type { CaseSummary, RoundResult } from './load'
import type { ColdStartSummary } from './cold-start'
import type { ServerBundle } from './server-bundle'

/** The cases, in the order of each alternating round. */
export const CASES = {
  a: 'bare route, no Amplify',
  b: 'getCurrentUser(useAmplifyServerContext(event))',
  c: 'docs recipe, hand-written route',
  d: 'SSR page with the module',
  e: 'same page, docs recipe plugin, no module',
  f: '(b) with server sessions (HttpOnly, steady state)',
} as const
export type CaseId = keyof typeof CASES

export interface BenchResults {
  date: string
  /** `node`: the Node that served every case (BENCH_NODE); `runnerNode`: the one that built the apps and drove the load. */
  machine: { cpus: number, cpuModel: string, memoryGB: number, node: string, runnerNode?: string, loadBefore: number[], loadAfter: number[] }
  settings: { rounds: number, roundSeconds: number, connections: number, users: number, soakRequests: number, coldStarts: number }
  cases: Record<CaseId, CaseSummary & { label: string }>
  ratios: { 'b/a': number, 'b/c': number, 'd/e': number, 'f/b': number }
  /** Lowest and highest ratio of two cases measured in the same round: how much the machine moved. */
  roundRatios: Record<keyof BenchResults['ratios'], [number, number]>
  cognito: {
    authenticatedRequests: number
    calls: Record<string, number>
    perCase: Record<string, Record<string, number>>
    jwksFetches: number
    callsPerRequestAfterJwks: number
    /** Case (f) alone: its requests, and Cognito calls per request beyond its process's one JWKS fetch. */
    serverSessions: { requests: number, callsPerRequestAfterJwks: number }
  }
  memory: { requests: number, rssBefore: number, rssAfter: number, rssGrowthPercent: number, heapBefore: number, heapAfter: number, rssCheckpoints: number[] }
  /** Gzip bytes of the JS the page loads; `allEmitted` also counts lazy chunks the page never loads. */
  clientJs: { withModuleGzip: number, noModuleGzip: number, extraGzipBytes: number, allEmitted: { withModuleGzip: number, noModuleGzip: number, extraGzipBytes: number } }
  /** .output/server of both apps built with the aws-lambda preset, source maps left out. */
  serverBundle: { preset: 'aws-lambda', withModule: ServerBundle, noModule: ServerBundle, extraBytes: number, extraGzipBytes: number }
  /** Handler import → first signed-in /api/me answer, in fresh processes; `ratio`: with / without the module (medians). */
  coldStart: {
    preset: 'aws-lambda'
    route: string
    withModule: ColdStartSummary
    noModule: ColdStartSummary
    ratio: number
    cpuRatio: number
    /** Packages the handler imports statically before its first request (lib/startup-imports.ts). */
    startupPackages: { withModule: string[], noModule: string[] }
  }
  targets: Record<string, { target: string, value: number, met: boolean }>
  seconds: number
}

export function machineInfo(serverNode: string): Omit<BenchResults['machine'], 'loadAfter'> {
  const list = cpus()
  return { cpus: list.length, cpuModel: list[0]?.model.trim() ?? 'unknown', memoryGB: Math.round(totalmem() / 2 ** 30), node: serverNode, runnerNode: process.version, loadBefore: loadavg().map(n => +n.toFixed(2)) }
}

const ratio = (x: number, y: number) => +(x / y).toFixed(2)

export function computeRatios(cases: BenchResults['cases']): BenchResults['ratios'] {
  return { 'b/a': ratio(cases.b.rps, cases.a.rps), 'b/c': ratio(cases.b.rps, cases.c.rps), 'd/e': ratio(cases.d.rps, cases.e.rps), 'f/b': ratio(cases.f.rps, cases.b.rps) }
}

/** Per round, the ratio of the two cases' req/s in that round; the lowest and the highest over the rounds. */
export function roundRatioRanges(rounds: Record<CaseId, RoundResult[]>): BenchResults['roundRatios'] {
  const range = (x: CaseId, y: CaseId): [number, number] => {
    const values = rounds[x].map((r, i) => (r.requests / r.seconds) / (rounds[y][i]!.requests / rounds[y][i]!.seconds))
    return [ratio(Math.min(...values), 1), ratio(Math.max(...values), 1)]
  }
  return { 'b/a': range('b', 'a'), 'b/c': range('b', 'c'), 'd/e': range('d', 'e'), 'f/b': range('f', 'b') }
}

export function checkTargets(r: Omit<BenchResults, 'targets' | 'seconds'>): BenchResults['targets'] {
  return {
    'b/a': { target: '>= 0.7', value: r.ratios['b/a'], met: r.ratios['b/a'] >= 0.7 },
    'b/c': { target: '>= 1.5', value: r.ratios['b/c'], met: r.ratios['b/c'] >= 1.5 },
    'cognito calls/request': { target: '0', value: r.cognito.callsPerRequestAfterJwks, met: r.cognito.callsPerRequestAfterJwks === 0 },
    'f/b (server sessions / browser sessions)': { target: '>= 0.95', value: r.ratios['f/b'], met: r.ratios['f/b'] >= 0.95 },
    'cognito calls/request, server sessions': { target: '0', value: r.cognito.serverSessions.callsPerRequestAfterJwks, met: r.cognito.serverSessions.callsPerRequestAfterJwks === 0 },
    'rss growth %': { target: '<= 5', value: r.memory.rssGrowthPercent, met: r.memory.rssGrowthPercent <= 5 },
    'extra client JS loaded by the page (gzip bytes)': { target: '<= 1024', value: r.clientJs.extraGzipBytes, met: r.clientJs.extraGzipBytes <= 1024 },
    'cold start with/without the module (aws-lambda)': { target: '<= 1.25', value: r.coldStart.ratio, met: r.coldStart.ratio <= 1.25 },
  }
}

const pad = (value: string | number, width: number) => String(value).padStart(width)
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`
const coldLine = (name: string, c: ColdStartSummary) =>
  `  ${name}: ${c.firstResponseMs} ms (${c.firstResponseRange.join('–')} ms; handler import ${c.loadMs} ms, CPU ${c.firstResponseCpuMs} ms, a warm request after it ${c.warmResponseMs} ms)`

/** The human-readable table `npm run bench` prints. */
export function formatResults(r: BenchResults): string {
  const m = r.machine
  const lines = [
    '',
    `nuxt-amplify benchmark — ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node} (servers${m.runnerNode && m.runnerNode !== m.node ? `; builds and load on ${m.runnerNode}` : ''}), load ${m.loadBefore.join(' ')} → ${m.loadAfter.join(' ')}`,
    `${r.settings.rounds} alternating rounds × ${r.settings.roundSeconds} s per case, ${r.settings.connections} connections, ${r.settings.users} users`,
    '',
    `case ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'failed'.padStart(7)}  what`,
    ...(Object.keys(CASES) as CaseId[]).map((id) => {
      const c = r.cases[id]
      return `(${id})  ${pad(c.rps, 8)} ${pad(c.p50, 8)} ${pad(c.p99, 8)} ${pad(c.failures, 7)}  ${c.label}`
    }),
    '',
    `ratios: b/a ${r.ratios['b/a']}   b/c ${r.ratios['b/c']}   d/e ${r.ratios['d/e']}   f/b ${r.ratios['f/b']}   (per round: ${Object.entries(r.roundRatios).map(([k, [lo, hi]]) => `${k} ${lo}–${hi}`).join(', ')})`,
    `Cognito: ${r.cognito.callsPerRequestAfterJwks} calls/request after the JWKS fetch (${r.cognito.authenticatedRequests} authenticated requests, JWKS fetched ${r.cognito.jwksFetches}×, all calls ${JSON.stringify(r.cognito.calls)}); server sessions (f): ${r.cognito.serverSessions.callsPerRequestAfterJwks} in ${r.cognito.serverSessions.requests} requests`,
    `memory: RSS ${mb(r.memory.rssBefore)} → ${r.memory.rssCheckpoints.map(mb).join(' → ')} over ${r.memory.requests} requests (${r.memory.rssGrowthPercent} %), heap after GC ${mb(r.memory.heapBefore)} → ${mb(r.memory.heapAfter)}`,
    `client JS loaded by the page: +${r.clientJs.extraGzipBytes} B gzip with the module (${r.clientJs.withModuleGzip} B vs ${r.clientJs.noModuleGzip} B); all emitted files incl. lazy chunks: +${r.clientJs.allEmitted.extraGzipBytes} B`,
    `server bundle (aws-lambda, .output/server without maps): ${kb(r.serverBundle.withModule.bytes)} (gzip ${kb(r.serverBundle.withModule.gzip)}) with the module, ${kb(r.serverBundle.noModule.bytes)} (gzip ${kb(r.serverBundle.noModule.gzip)}) without: +${kb(r.serverBundle.extraBytes)}, gzip +${kb(r.serverBundle.extraGzipBytes)}`,
    `cold start (aws-lambda, handler import → first signed-in ${r.coldStart.route}, median of ${r.coldStart.withModule.processes} fresh processes): ratio ${r.coldStart.ratio} (CPU time ${r.coldStart.cpuRatio})`,
    coldLine('with the module', r.coldStart.withModule),
    coldLine('without        ', r.coldStart.noModule),
    `  packages loaded by the handler import: ${JSON.stringify(r.coldStart.startupPackages.withModule)} with the module, ${JSON.stringify(r.coldStart.startupPackages.noModule)} without`,
    '',
    'targets:',
    ...Object.entries(r.targets).map(([name, t]) => `  ${t.met ? 'met   ' : 'MISSED'} ${name} ${t.target} (measured ${t.value})`),
    '',
  ]
  return lines.join('\n')
}
