// Short-lived, single-use handles the shim gives clients between two sign-in steps: SRP secret
// blocks (PASSWORD_VERIFIER) and challenge `Session`s. Cognito's are opaque, expire (a user
// pool client's AuthSessionValidity, 3 minutes by default) and cannot be answered twice;
// cognito-local's challenge sessions are random UUIDs it never checks, so the shim keeps its
// own and only forwards the upstream one after checking its own.
import { randomBytes } from 'node:crypto'

/** Cognito's default AuthSessionValidity. */
export const SESSION_TTL_MS = 3 * 60_000
/** Entries kept at most (oldest dropped first), so a flood of InitiateAuth calls cannot grow memory without bound. */
export const MAX_SESSIONS = 10_000

export class ExpiringHandles<T> {
  private readonly entries = new Map<string, { value: T, expiresAt: number }>()
  constructor(private readonly ttlMs = SESSION_TTL_MS, private readonly max = MAX_SESSIONS) {}

  /** Stores `value` under a fresh opaque handle (base64 of `bytes` random bytes) and returns it. */
  issue(value: T, bytes = 96): string {
    const now = Date.now()
    for (const [handle, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size < this.max) break
      this.entries.delete(handle)
    }
    const handle = randomBytes(bytes).toString('base64')
    this.entries.set(handle, { value, expiresAt: now + this.ttlMs })
    return handle
  }

  /** Looks a handle up without using it up: 'expired' when known but too old. */
  peek(handle: unknown): T | 'expired' | undefined {
    const entry = typeof handle === 'string' ? this.entries.get(handle) : undefined
    if (!entry) return undefined
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(handle as string)
      return 'expired'
    }
    return entry.value
  }

  /** Forgets a handle: it cannot be answered again. */
  spend(handle: unknown): void {
    if (typeof handle === 'string') this.entries.delete(handle)
  }

  get size(): number {
    return this.entries.size
  }
}
