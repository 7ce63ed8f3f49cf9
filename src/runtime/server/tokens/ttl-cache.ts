/**
 * A small least-recently-used map whose entries also expire, bounded by bytes. The token verifier
 * and token reuse keep one each per process, so that a token seen on every request of a session
 * costs one check, not one per request. Entries are keyed by token strings, which the browser
 * chooses: a bound by entry count let 6,000 junk 14 KB tokens keep 70 MB (issue 12, B4). So each
 * entry is charged the bytes its caller estimates it keeps (key and value), and the oldest entries
 * go once the charges exceed `maxBytes`; an entry over the whole budget is not kept at all.
 * A `Map` iterates in insertion order, so re-inserting on read keeps the oldest entry first.
 * The re-insert uses the key the entry was stored with, not the caller's: a caller's key is often a
 * slice of the request's Cookie header, and a long-lived map holding it would keep that whole
 * header (and with it a scavenge's worth of garbage) alive; measured in test/bench.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { key: string, value: V, expires: number, bytes: number }>()
  private total = 0

  constructor(private readonly maxBytes: number, private readonly ttlMs: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    if (entry.expires <= Date.now()) {
      this.total -= entry.bytes
      return undefined
    }
    this.entries.set(entry.key, entry)
    return entry.value
  }

  /** Keeps `value` under `key`, charged `bytes` (what key and value keep alive, estimated by the caller). */
  set(key: string, value: V, bytes: number): void {
    this.delete(key)
    if (bytes > this.maxBytes) return
    this.entries.set(key, { key, value, expires: Date.now() + this.ttlMs, bytes })
    this.total += bytes
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes) break
      this.entries.delete(oldest)
      this.total -= entry.bytes
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.total -= entry.bytes
  }

  get size(): number {
    return this.entries.size
  }

  /** The sum of the charges of the entries kept. */
  get bytes(): number {
    return this.total
  }
}
