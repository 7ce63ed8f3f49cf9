// The shim's building blocks that need no emulator: handle expiry and bounds, one-time codes, and the TOTP
// generator against RFC 6238's own test vectors.
import { describe, expect, it } from 'vitest'
import { ExpiringHandles } from './support/shim-sessions'
import { hotp, totp } from './support/totp'
import { maskDestination, OneTimeCodes } from './support/shim-codes'

describe('ExpiringHandles (SRP secret blocks, challenge sessions)', () => {
  it('a handle is opaque, can be spent, and is "expired" once its lifetime is over', () => {
    const live = new ExpiringHandles<string>()
    const handle = live.issue('alice')
    expect(Buffer.from(handle, 'base64')).toHaveLength(96)
    expect(live.peek(handle)).toBe('alice')
    live.spend(handle)
    expect(live.peek(handle)).toBeUndefined()
    const dead = new ExpiringHandles<string>(0)
    expect(dead.peek(dead.issue('bob'))).toBe('expired')
    expect(live.peek('made-up')).toBeUndefined()
  })

  it('keeps at most `max` handles, dropping the oldest', () => {
    const handles = new ExpiringHandles<number>(60_000, 3)
    const issued = [1, 2, 3, 4].map(n => handles.issue(n))
    expect(handles.size).toBe(3)
    expect(handles.peek(issued[0])).toBeUndefined()
    expect(handles.peek(issued[3])).toBe(4)
  })
})

describe('totp (RFC 6238, HMAC-SHA1)', () => {
  it('matches the RFC\'s test vectors (last 6 of the 8 digits) and RFC 4226\'s HOTP values', () => {
    const secret = Buffer.from('12345678901234567890')
    // RFC 4226 appendix D: counters 0 and 9.
    expect(hotp(secret, 0)).toBe('755224')
    expect(hotp(secret, 9)).toBe('520489')
    // RFC 6238 appendix B, SHA1: T = 59 s -> 94287082, T = 1111111109 s -> 07081804.
    const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' // base32 of "12345678901234567890"
    expect(totp(base32, 59_000)).toBe('287082')
    expect(totp(base32, 1_111_111_109_000)).toBe('081804')
  })
})

describe('OneTimeCodes (SMS_MFA, EMAIL_OTP codes the shim sends)', () => {
  const alice = { poolId: 'local_pool', username: 'alice', purpose: 'SMS_MFA', medium: 'SMS' as const, destination: '+15555550100' }
  const expected = { poolId: alice.poolId, username: alice.username, purpose: alice.purpose }

  it('sends Cognito\'s digits per purpose, delivers the whole destination, and a right answer is single-use', () => {
    const delivered: unknown[] = []
    const codes = new OneTimeCodes({ deliver: d => delivered.push(d) })
    const sms = codes.issue(alice)
    expect(sms.code).toMatch(/^\d{6}$/)
    expect(codes.issue({ ...alice, purpose: 'EMAIL_OTP', medium: 'EMAIL', destination: 'alice@example.com' }).code).toMatch(/^\d{8}$/)
    expect(delivered[0]).toEqual({ ...alice, code: sms.code })
    expect(codes.check(sms.ticket, expected, sms.code)).toBe('ok')
    expect(codes.check(sms.ticket, expected, sms.code)).toBe('unknown')
  })

  it('a code answers only its own issue: another user, pool, purpose or session is refused', () => {
    const codes = new OneTimeCodes()
    const mine = codes.issue(alice)
    const bobs = codes.issue({ ...alice, username: 'bob' })
    expect(codes.check(mine.ticket, { ...expected, username: 'bob' }, mine.code)).toBe('unknown')
    expect(codes.check(mine.ticket, { ...expected, poolId: 'local_other' }, mine.code)).toBe('unknown')
    expect(codes.check(mine.ticket, { ...expected, purpose: 'EMAIL_OTP' }, mine.code)).toBe('unknown')
    if (bobs.code !== mine.code) expect(codes.check(mine.ticket, expected, bobs.code)).toBe('mismatch')
    const second = codes.issue(alice)
    if (second.code !== mine.code) expect(codes.check(second.ticket, expected, mine.code)).toBe('mismatch')
    expect(codes.check(mine.ticket, expected, mine.code)).toBe('ok')
  })

  it('expires after 3 minutes (clock injected) and when a test ages the user\'s codes', () => {
    let now = 1_000_000
    const codes = new OneTimeCodes({ now: () => now })
    const first = codes.issue(alice)
    now += 3 * 60_000 - 1
    const second = codes.issue(alice)
    expect(codes.check(first.ticket, expected, first.code)).toBe('ok')
    now += 1
    const third = codes.issue(alice)
    expect(codes.expireUser('bob')).toBe(0)
    expect(codes.expireUser('alice')).toBe(2)
    expect(codes.check(second.ticket, expected, second.code)).toBe('expired')
    expect(codes.check(third.ticket, expected, third.code)).toBe('expired')
    const late = codes.issue(alice)
    now += 3 * 60_000
    expect(codes.check(late.ticket, expected, late.code)).toBe('expired')
  })

  it('three wrong answers drop the code; answers of another shape never match', () => {
    const codes = new OneTimeCodes()
    const issued = codes.issue(alice)
    const wrong = issued.code === '000000' ? '111111' : '000000'
    expect(codes.check(issued.ticket, expected, `${issued.code} `)).toBe('mismatch')
    expect(codes.check(issued.ticket, expected, 123456)).toBe('mismatch')
    expect(codes.check(issued.ticket, expected, wrong)).toBe('mismatch')
    expect(codes.check(issued.ticket, expected, issued.code)).toBe('unknown')
  })

  it('stays within its byte bound under a flood of issues, dropping the oldest', () => {
    const codes = new OneTimeCodes({ maxBytes: 64 * 1024 })
    const first = codes.issue(alice)
    for (let i = 0; i < 2_000; i++) codes.issue({ ...alice, username: `user-${i}-${'x'.repeat(100)}` })
    expect(codes.byteSize).toBeLessThanOrEqual(64 * 1024)
    expect(codes.size).toBeLessThan(2_000)
    expect(codes.check(first.ticket, expected, first.code)).toBe('unknown')
  })

  it('masks destinations as Cognito does in CODE_DELIVERY_DESTINATION', () => {
    expect(maskDestination('SMS', '+15555550100')).toBe('+*******0100')
    expect(maskDestination('EMAIL', 'alice@example.com')).toBe('a***@e***.com')
  })
})
