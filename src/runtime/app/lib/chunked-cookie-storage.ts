import type { KeyValueStorageInterface } from 'aws-amplify/utils'
import { chunkCookieName, MAX_COOKIE_CHUNKS, splitCookieValue } from '../../shared/cookie-chunks'

/**
 * Amplify's browser `CookieStorage`, with values too large for one cookie (an id token over 4 KB)
 * split into `<key>.0`, `<key>.1`, … and joined on read, exactly like the server cookie adapter.
 * Writing one form removes the other and any surplus chunks, so a shrinking token or a sign-out
 * leaves no stale chunk behind. Same chunk names and limits as the server (shared/cookie-chunks.ts).
 */
export class ChunkedCookieStorage implements KeyValueStorageInterface {
  constructor(private readonly storage: KeyValueStorageInterface) {}

  async getItem(key: string): Promise<string | null> {
    const plain = await this.storage.getItem(key)
    if (plain !== null) return plain
    const parts: string[] = []
    for (let i = 0; i < MAX_COOKIE_CHUNKS; i++) {
      const part = await this.storage.getItem(chunkCookieName(key, i))
      if (part === null) break
      parts.push(part)
    }
    return parts.length ? parts.join('') : null
  }

  async setItem(key: string, value: string): Promise<void> {
    const chunks = splitCookieValue(value)
    if (chunks.length === 1) {
      await this.removeChunks(key, 0)
      return this.storage.setItem(key, value)
    }
    await this.storage.removeItem(key)
    for (const [i, chunk] of chunks.entries()) await this.storage.setItem(chunkCookieName(key, i), chunk)
    await this.removeChunks(key, chunks.length)
  }

  async removeItem(key: string): Promise<void> {
    await this.storage.removeItem(key)
    await this.removeChunks(key, 0)
  }

  clear(): Promise<void> {
    return this.storage.clear()
  }

  private async removeChunks(key: string, from: number): Promise<void> {
    for (let i = from; i < MAX_COOKIE_CHUNKS; i++) {
      const name = chunkCookieName(key, i)
      if (await this.storage.getItem(name) === null) break
      await this.storage.removeItem(name)
    }
  }
}
