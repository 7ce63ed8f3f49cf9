import autocannon from 'autocannon'

export interface LoadOptions {
  url: string
  path: string
  /** `Cookie` headers to rotate through (one request each, in turn, per connection). Empty: no cookies. */
  cookies: string[]
  connections: number
  /** Seconds; or `amount` requests. */
  duration?: number
  amount?: number
}

export interface RoundResult {
  requests: number
  seconds: number
  p50: number
  p99: number
  /** Non-2xx answers, socket errors and timeouts: any of these makes the numbers meaningless. */
  failures: number
}

/** One load round with autocannon (in this process), rotating the signed-in users' cookies. */
export async function runLoad(options: LoadOptions): Promise<RoundResult> {
  const requests = options.cookies.length
    ? options.cookies.map(cookie => ({ method: 'GET', path: options.path, headers: { cookie, accept: 'application/json, text/html' } }))
    : [{ method: 'GET', path: options.path, headers: { accept: 'application/json, text/html' } }]
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 5 }),
    requests,
  })
  return {
    requests: result.latency.totalCount, // 2xx answers (autocannon records latency for those only)
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  }
}

export interface CaseSummary {
  rps: number
  p50: number
  p99: number
  requests: number
  failures: number
  rounds: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Rounds of one case → req/s over all rounds, and the median round's p50/p99 (robust to one noisy round). */
export function summarize(rounds: RoundResult[]): CaseSummary {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0)
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0)
  return {
    rps: Math.round(requests / seconds),
    p50: median(rounds.map(r => r.p50)),
    p99: median(rounds.map(r => r.p99)),
    requests,
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    rounds: rounds.length,
  }
}
