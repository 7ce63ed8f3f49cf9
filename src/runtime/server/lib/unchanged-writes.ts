import type { CookieStorage } from 'aws-amplify/adapter-core'
import type { KeyValueStorageInterface } from 'aws-amplify/utils'

/**
 * Amplify stores the guest identity id again on every `fetchAuthSession`, even when it read that
 * very id from the cookie a moment before. Written through, every guest response would carry a
 * `Set-Cookie` (and so be uncacheable by a CDN). A write of the value the request already sent is
 * skipped: the browser keeps the cookie it has. Changed values (refreshed tokens) go through as before.
 */
export function skipUnchangedWrites(storage: KeyValueStorageInterface, cookies: Pick<CookieStorage.Adapter, 'get'>): KeyValueStorageInterface {
  return {
    setItem: async (key, value) => {
      if (cookies.get(key)?.value === value) return
      await storage.setItem(key, value)
    },
    getItem: key => storage.getItem(key),
    removeItem: key => storage.removeItem(key),
    clear: () => storage.clear(),
  }
}
