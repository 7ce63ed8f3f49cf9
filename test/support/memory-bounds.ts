// The memory bounds users are told (docs/internals/memory-bounds.md), as test/cache-bounds.test.ts asserts them. Written
// here from those docs, not imported from src/: the test checks the code against what users are told.
const MiB = 1024 * 1024

/** What the module's caches may keep, together, per process: the heap after full GCs may grow by this much. */
export const CACHE_BYTES = {
  verdicts: 8 * MiB, // token-verifier.ts
  tokenReuse: 4 * MiB, // token-reuse.ts
  cookieNames: 2.5 * MiB, // session-cookie-names.ts
  decodedCookies: 2 * MiB, // cookie-header.ts
}
export const HEAP_BOUND = Object.values(CACHE_BYTES).reduce((sum, bytes) => sum + bytes, 0)

/**
 * RSS after full GCs, grown since the cold start, per Node major. It is the caches' bound plus what V8
 * keeps of its own and does not give back after a GC: the young generation, empty but committed,
 * grows with load up to twice --max-semi-space-size (Node 20 and 22: 2 × 16 MB; Node 24: 2 × 64 MB on
 * a machine with 24 GB; V8 sizes it from the heap limit), and the pages V8 keeps pooled for reuse
 * after it shrinks. Measured from cold by test/cache-bounds.test.ts in two runs: Node 20.20 +35.9 and
 * +39.7 MB, Node 22.23 +106.3 and +129.9 MB, Node 24.22 +222.0 and +225.2 MB (young generation about
 * 32, 30 and 120 MB). Each bound leaves room of about twice the larger: none of these amounts
 * depends on the machine's speed or load, only on how much was allocated.
 */
const RSS_BOUND_BY_MAJOR: Record<number, number> = {
  20: HEAP_BOUND + 80 * MiB,
  22: HEAP_BOUND + 256 * MiB,
  24: HEAP_BOUND + 448 * MiB,
}

/** The bounds for the Node that served (its `process.version`); throws for a line without measured figures. */
export function boundsFor(version: string): { heap: number, rss: number } {
  const major = Number(/^v(\d+)\./.exec(version)?.[1])
  const rss = RSS_BOUND_BY_MAJOR[major]
  if (!rss) throw new Error(`No RSS bound measured for Node ${version}: measure it (docs/internals/memory-bounds.md) and add it to test/support/memory-bounds.ts`)
  return { heap: HEAP_BOUND, rss }
}

export const MB = (bytes: number) => (bytes / MiB).toFixed(1)
