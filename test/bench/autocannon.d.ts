// autocannon 8 ships no types; only what test/bench/lib/load.ts uses.
declare module 'autocannon' {
  interface Request { method?: string, path?: string, headers?: Record<string, string> }
  interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    headers?: Record<string, string>
    requests?: Request[]
  }
  interface Histogram { average: number, p50: number, p99: number, max: number, totalCount: number }
  interface Result {
    duration: number
    non2xx: number
    errors: number
    timeouts: number
    latency: Histogram
    requests: Histogram
  }
  export default function autocannon(options: Options): Promise<Result>
}
