// The WebAuthn stand-in's memory (test/support/shim-webauthn-store.ts) under a bounded flood: passkeys
// are bounded in bytes and by Cognito's 20 per user, pending registration challenges by count (one
// fixed-size entry per user). No emulator needed.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_PASSKEY_BYTES, MAX_PASSKEYS_PER_USER, MAX_PENDING, type StoredPasskey, WebAuthnStore } from './support/shim-webauthn-store'

const passkey = (publicKeyBytes = 1024): StoredPasskey => ({
  credential: { id: randomBytes(32).toString('base64url'), publicKey: new Uint8Array(publicKeyBytes), counter: 0, transports: ['internal'] },
  relyingPartyId: 'localhost',
  createdAt: 0,
})

describe('WebAuthn stand-in bounds', () => {
  it('a flood of registrations stops at the byte bound; deleting frees room again', () => {
    const store = new WebAuthnStore()
    let added = 0
    let outcome: string = 'added'
    for (let user = 0; outcome === 'added'; user++) {
      for (let i = 0; i < MAX_PASSKEYS_PER_USER && outcome === 'added'; i++) {
        outcome = store.add(`user-${user}`, passkey())
        if (outcome === 'added') added++
      }
    }
    expect(outcome).toBe('full')
    expect(store.storedBytes).toBeLessThanOrEqual(MAX_PASSKEY_BYTES)
    expect(store.storedBytes).toBeGreaterThan(MAX_PASSKEY_BYTES - 2 * 1200)
    expect(added).toBeGreaterThan(3000)
    const [first] = store.list('user-0')
    const before = store.storedBytes
    expect(store.remove('user-0', first!.credential.id)).toBe(true)
    expect(store.storedBytes).toBeLessThan(before)
    expect(store.add('user-0', passkey())).toBe('added')
  })

  it('Cognito\'s 20 passkeys per user', () => {
    const store = new WebAuthnStore()
    for (let i = 0; i < MAX_PASSKEYS_PER_USER; i++) expect(store.add('one', passkey(64))).toBe('added')
    expect(store.add('one', passkey(64))).toBe('user-limit')
    expect(store.list('one')).toHaveLength(MAX_PASSKEYS_PER_USER)
  })

  it('pending registration challenges: one per user, at most MAX_PENDING, the oldest dropped first; single-use', () => {
    const store = new WebAuthnStore()
    for (let i = 0; i < MAX_PENDING + 500; i++) store.startRegistration(`user-${i}`, 'c'.repeat(43), 'localhost')
    expect(store.pendingRegistrations).toBe(MAX_PENDING)
    expect(store.takeRegistration('user-0')).toBeUndefined()
    expect(store.takeRegistration(`user-${MAX_PENDING + 499}`)).toEqual({ challenge: 'c'.repeat(43), relyingPartyId: 'localhost', expiresAt: expect.any(Number) })
    expect(store.takeRegistration(`user-${MAX_PENDING + 499}`)).toBeUndefined()
    store.startRegistration('again', 'a', 'localhost')
    store.startRegistration('again', 'b', 'localhost')
    expect(store.takeRegistration('again')?.challenge).toBe('b')
  })
})
