// The shim's building blocks that need no emulator: handle expiry and bounds, and the TOTP
// generator against RFC 6238's own test vectors.
import { describe, expect, it } from 'vitest'
import { ExpiringHandles } from './support/shim-sessions'
import { hotp, totp } from './support/totp'

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
