// Log lines that requests can trigger, bounded so that nobody can fill the log by sending requests:
// - warnOncePerProcess: configuration problems, once per process per distinct key; at most
//   MAX_DISTINCT keys, since a key may contain what a token claimed (an issuer, a client id).
// - warnAtMostEvery: outages, at most one line per channel and interval, with the count of the
//   lines left out. Channels are fixed names in the code, never input.
// The state lives on globalThis because Nuxt bundles this file twice (Nitro's server routes and the
// Vue SSR bundle): "once per process" must hold across both.
interface WarningState {
  once: Set<string>
  channels: Map<string, { at: number, suppressed: number }>
}
const STATE = Symbol.for('nuxt-amplify:warnings')
const state: WarningState = ((globalThis as Record<symbol, unknown>)[STATE] as WarningState | undefined)
  ?? ((globalThis as Record<symbol, unknown>)[STATE] = { once: new Set<string>(), channels: new Map() })

const MAX_DISTINCT = 32
const MAX_QUOTED = 200

/** `value` as it appears in a log line: JSON-quoted, cut to 200 characters (it may come from a cookie). */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value)
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text)
}

/** Logs `message` the first time `key` is seen in this process (keys are capped, see above). */
export function warnOncePerProcess(key: string, message: string): void {
  if (state.once.has(key) || state.once.size >= MAX_DISTINCT) return
  state.once.add(key)
  console.warn(`[nuxt-amplify] ${message}`)
}

/** Logs `message` unless `channel` logged less than `intervalMs` ago; then counts it as left out. */
export function warnAtMostEvery(channel: string, intervalMs: number, message: string): void {
  const now = Date.now()
  const last = state.channels.get(channel)
  if (last && now - last.at < intervalMs) {
    last.suppressed++
    return
  }
  state.channels.set(channel, { at: now, suppressed: 0 })
  const left = last?.suppressed ? ` (${last.suppressed} more like this since the last such line, not logged)` : ''
  console.warn(`[nuxt-amplify] ${message}${left}`)
}
