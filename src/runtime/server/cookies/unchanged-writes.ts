import type { CookieStorage } from 'aws-amplify/adapter-core'
import type { KeyValueStorageInterface } from 'aws-amplify/utils'
import { storableClockDrift } from './clock-drift'

/**
 * Amplify stores the guest identity id again on every `fetchAuthSession`, even when it read that
 * very id from the cookie a moment before. Written through, every guest response would carry a
 * `Set-Cookie` (and so be uncacheable by a CDN). A write of the value the request already sent is
 * skipped: the browser keeps the cookie it has. Changed values (refreshed tokens) go through as before.
 * Every write of Amplify's token store passes here, so this is also where a `clockDrift` that the
 * server's own validator would refuse on the next request is written as 0 instead (clock-drift.ts).
 * A class rather than an object of closures: one allocation per request (test/bench).
 */
class UnchangedWritesSkipped implements KeyValueStorageInterface {
  constructor(private readonly storage: KeyValueStorageInterface, private readonly cookies: Pick<CookieStorage.Adapter, 'get'>) {}

  async setItem(key: string, value: string): Promise<void> {
    if (key.endsWith('.clockDrift')) value = storableClockDrift(value)
    if (this.cookies.get(key)?.value === value) return
    await this.storage.setItem(key, value)
  }

  getItem(key: string): Promise<string | null> {
    return this.storage.getItem(key)
  }

  removeItem(key: string): Promise<void> {
    return this.storage.removeItem(key)
  }

  clear(): Promise<void> {
    return this.storage.clear()
  }
}

export function skipUnchangedWrites(storage: KeyValueStorageInterface, cookies: Pick<CookieStorage.Adapter, 'get'>): KeyValueStorageInterface {
  return new UnchangedWritesSkipped(storage, cookies)
}
