// One-time codes the shim "sends" itself (cognito-local 5.3.0 has no EMAIL_OTP and never issues
// SMS_MFA to users without legacy MFAOptions), enforcing what Cognito enforces for them:
// - a code belongs to one issue: pool, user, purpose (the challenge it answers: SMS_MFA,
//   EMAIL_OTP, SMS_OTP, ...) and the one challenge session it was sent for. Answering with it
//   anywhere else (another user, another session, another challenge) is a mismatch;
// - digits only, of the length Cognito sends: 6 for SMS_MFA; 8 for EMAIL_OTP and SMS_OTP (the
//   "one-time pin fixed at 8 digits" of USER_AUTH, aws-amplify/amplify-js#14428, and Cognito's
//   EMAIL_OTP MFA message, which shares the template of passwordless sign-in);
// - single use: a right answer spends it;
// - it expires with the authentication session it belongs to, 3 minutes (Cognito's default
//   AuthSessionValidity, which is also how long an SMS MFA code is valid);
// - wrong answers are limited: after MAX_WRONG the code is gone and the user must start over;
// - compared in constant time;
// - the store is bounded in bytes (oldest issues dropped first), so a flood of sign-ins
//   cannot grow the shim's memory.
// "Delivery" appends one JSON line per code to `shim-codes.log` in cognito-local's state dir,
// beside its own log; tests read it with codes.ts (codeLogMark / waitForCode, which name the
// medium, SMS or EMAIL, and the destination). Tests age codes without sleeping through
// POST /__shim/codes/expire {"username"} (cognito-shim.ts), which calls expireUser().
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'

export type CodeMedium = 'SMS' | 'EMAIL'
/** What the shim writes for each code it sends (one JSON line in shim-codes.log). */
export interface ShimCodeDelivery {
  poolId: string
  username: string
  purpose: string
  medium: CodeMedium
  /** The whole phone number or address, as a message provider receives it (not masked). */
  destination: string
  code: string
}
export interface IssueCode {
  poolId: string
  username: string
  purpose: string
  medium: CodeMedium
  destination: string
}
export type CodeCheck = 'ok' | 'mismatch' | 'expired' | 'unknown'

/** The file codes are "delivered" to, in cognito-local's state dir (codes.ts reads it). */
export const SHIM_CODE_LOG = 'shim-codes.log'
/** Cognito's default AuthSessionValidity: an MFA code lives as long as its session. */
export const CODE_TTL_MS = 3 * 60_000
/** Wrong answers allowed for one code; the next wrong one drops it. */
export const MAX_WRONG = 3
/** Bytes the live codes may take (keys, destinations, bookkeeping), oldest dropped first. */
export const MAX_CODE_BYTES = 4 * 1024 * 1024
/** Digits Cognito sends for each purpose; anything else gets 6. */
export const CODE_DIGITS: Record<string, number> = { SMS_MFA: 6, EMAIL_OTP: 8, SMS_OTP: 8 }
/** Rough fixed cost of one entry beyond its strings (Map slot, object, numbers). */
const ENTRY_OVERHEAD = 200

interface Entry extends IssueCode {
  code: string
  expiresAt: number
  wrong: number
  bytes: number
}

export interface OneTimeCodesOptions {
  ttlMs?: number
  maxWrong?: number
  maxBytes?: number
  now?: () => number
  /** Where a code goes once issued; default: nowhere (unit tests read the returned code). */
  deliver?: (delivery: ShimCodeDelivery) => void
}

export class OneTimeCodes {
  private readonly entries = new Map<string, Entry>()
  private bytes = 0
  private readonly ttlMs: number
  private readonly maxWrong: number
  private readonly maxBytes: number
  private readonly now: () => number
  private readonly deliver: (delivery: ShimCodeDelivery) => void

  constructor(options: OneTimeCodesOptions = {}) {
    this.ttlMs = options.ttlMs ?? CODE_TTL_MS
    this.maxWrong = options.maxWrong ?? MAX_WRONG
    this.maxBytes = options.maxBytes ?? MAX_CODE_BYTES
    this.now = options.now ?? Date.now
    this.deliver = options.deliver ?? (() => {})
  }

  /**
   * Makes, stores and delivers a new code; returns the ticket that names this issue (keep it
   * with the challenge session) and the code (for unit tests; the shim never returns it).
   */
  issue(request: IssueCode): { ticket: string, code: string } {
    const digits = CODE_DIGITS[request.purpose] ?? 6
    const code = String(randomInt(0, 10 ** digits)).padStart(digits, '0')
    const ticket = randomBytes(18).toString('base64url')
    const bytes = ENTRY_OVERHEAD + Buffer.byteLength(ticket) + Buffer.byteLength(request.poolId) + Buffer.byteLength(request.username)
      + Buffer.byteLength(request.purpose) + Buffer.byteLength(request.destination) + digits
    this.prune(bytes)
    this.entries.set(ticket, { ...request, code, expiresAt: this.now() + this.ttlMs, wrong: 0, bytes })
    this.bytes += bytes
    this.deliver({ poolId: request.poolId, username: request.username, purpose: request.purpose, medium: request.medium, destination: request.destination, code })
    return { ticket, code }
  }

  /**
   * Checks an answer for the issue `ticket` names, which must be for this pool, user and
   * purpose. 'ok' spends the code; 'mismatch' counts a wrong answer (the last allowed one
   * drops the code, later answers are 'unknown'); 'expired' and 'unknown' never match.
   */
  check(ticket: unknown, expected: Pick<IssueCode, 'poolId' | 'username' | 'purpose'>, answer: unknown): CodeCheck {
    const entry = typeof ticket === 'string' ? this.entries.get(ticket) : undefined
    if (!entry || entry.poolId !== expected.poolId || entry.username !== expected.username || entry.purpose !== expected.purpose) return 'unknown'
    if (entry.expiresAt <= this.now()) {
      this.drop(ticket as string)
      return 'expired'
    }
    if (typeof answer === 'string' && sameCode(answer, entry.code)) {
      this.drop(ticket as string)
      return 'ok'
    }
    if (++entry.wrong >= this.maxWrong) this.drop(ticket as string)
    return 'mismatch'
  }

  /** Ages every live code of a user so that it has expired (tests, instead of waiting 3 minutes). */
  expireUser(username: string, poolId?: string): number {
    let aged = 0
    for (const entry of this.entries.values()) {
      if (entry.username === username && (poolId === undefined || entry.poolId === poolId)) {
        entry.expiresAt = this.now()
        aged++
      }
    }
    return aged
  }

  get size(): number {
    return this.entries.size
  }

  get byteSize(): number {
    return this.bytes
  }

  private drop(ticket: string): void {
    const entry = this.entries.get(ticket)
    if (!entry) return
    this.bytes -= entry.bytes
    this.entries.delete(ticket)
  }

  /** Drops expired entries, then the oldest, until `incoming` more bytes fit. */
  private prune(incoming: number): void {
    const now = this.now()
    for (const [ticket, entry] of this.entries) {
      if (entry.expiresAt > now && this.bytes + incoming <= this.maxBytes) break
      this.drop(ticket)
    }
  }
}

function sameCode(answer: string, code: string): boolean {
  const a = Buffer.from(answer)
  const b = Buffer.from(code)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Delivery into `<dir>/shim-codes.log`: one JSON line per code, appended in one write. */
export function deliverToLog(dir: () => string | undefined): (delivery: ShimCodeDelivery) => void {
  return (delivery) => {
    const base = dir()
    if (base) appendFileSync(join(base, SHIM_CODE_LOG), `${JSON.stringify({ ...delivery, at: new Date().toISOString() })}\n`)
  }
}

/**
 * ChallengeParameters.CODE_DELIVERY_DESTINATION as Cognito masks it: a phone number keeps its
 * "+" and last four digits (+*******1234), an address its first character and domain suffix
 * (a***@e***.com).
 */
export function maskDestination(medium: CodeMedium, destination: string): string {
  if (medium === 'SMS') return `+${'*'.repeat(Math.max(0, destination.replace(/^\+/, '').length - 4))}${destination.slice(-4)}`
  const [local = '', domain = ''] = destination.split('@')
  const dot = domain.lastIndexOf('.')
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***${dot >= 0 ? domain.slice(dot) : ''}`
}
