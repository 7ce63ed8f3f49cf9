import type { KeyValueStorageInterface } from 'aws-amplify/utils'

/**
 * Key-value storage that lives only in this page's memory. With server sessions, browser-side
 * Amplify's own token store and identity-id store write here, so nothing Amplify stores can reach
 * `document.cookie`, `localStorage` or `sessionStorage`, even if app code calls `aws-amplify/auth`
 * directly. (Amplify's `sharedInMemoryStorage` is one store for every user of it: a private one
 * keeps these keys apart.)
 */
export class MemoryStorage implements KeyValueStorageInterface {
  private readonly items = new Map<string, string>()

  async setItem(key: string, value: string): Promise<void> {
    this.items.set(key, value)
  }

  async getItem(key: string): Promise<string | null> {
    return this.items.get(key) ?? null
  }

  async removeItem(key: string): Promise<void> {
    this.items.delete(key)
  }

  async clear(): Promise<void> {
    this.items.clear()
  }
}
