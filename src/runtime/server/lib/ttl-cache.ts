/**
 * A small least-recently-used map whose entries also expire. The token verifier keeps one per
 * process, so that a token seen on every request of a session costs one signature check, not one
 * per request, and a flood of distinct (forged) tokens cannot grow memory without bound.
 * A `Map` iterates in insertion order, so re-inserting on read keeps the oldest entry first.
 * The re-insert uses the key the entry was stored with, not the caller's: a caller's key is often a
 * slice of the request's Cookie header, and a long-lived map holding it would keep that whole
 * header (and with it a scavenge's worth of garbage) alive; measured in test/bench.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { key: string, value: V, expires: number }>()

  constructor(private readonly maxEntries: number, private readonly ttlMs: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    if (entry.expires <= Date.now()) return undefined
    this.entries.set(entry.key, entry)
    return entry.value
  }

  set(key: string, value: V): void {
    this.entries.delete(key)
    this.entries.set(key, { key, value, expires: Date.now() + this.ttlMs })
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
  }

  delete(key: string): void {
    this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }
}
