import { decodeCookieName } from '../../shared/cookie-names'
import { detached } from '../tokens/detached-string'

// Decoded names and values, by their form in the header. Amplify's cookie names carry the username,
// so an e-mail username puts a `%40` in every name, and `LastAuthUser` and `signInDetails` values
// are escaped too: decoding them was most of the time spent parsing the header (test/bench: 5 of
// 7 µs). They repeat from request to request. A flood of new ones only clears the map.
// Bounded in bytes, not entries: anyone can send escaped values, and 5,000 entries of up to 1,024
// characters (a two-byte decoded copy beside each) could keep about 15 MB (docs/internals/memory-bounds.md).
// On globalThis: Nuxt bundles this file twice (Nitro and the Vue SSR bundle); one cache per process.
const DECODED = Symbol.for('nuxt-amplify:decoded-cookies')
const decoded = ((globalThis as Record<symbol, unknown>)[DECODED] ??= { map: new Map<string, string>(), bytes: 0 }) as { map: Map<string, string>, bytes: number }
export const DECODED_CACHE_BYTES = 2 * 1024 * 1024
// Longer values (tokens) are not escaped and are never remembered.
const MAX_REMEMBERED_LENGTH = 1024

function decodeURIComponentOrKeep(value: string): string {
  try {
    return decodeURIComponent(value)
  }
  catch {
    return value // a malformed escape stays as sent; the token checks reject it later
  }
}

/** `decode(raw)`, remembered. */
function remembered(raw: string, decode: (raw: string) => string): string {
  let result = decoded.map.get(raw)
  if (result === undefined) {
    result = decode(raw)
    if (raw.length > MAX_REMEMBERED_LENGTH) return result
    // The key (one byte per character: header strings are Latin-1), the decoded copy (up to two
    // bytes per character when not Latin-1) and the map entry around them.
    const bytes = raw.length + (result === raw ? 0 : result.length * 2) + 64
    if (decoded.bytes + bytes > DECODED_CACHE_BYTES) {
      decoded.map.clear()
      decoded.bytes = 0
    }
    const key = detached(raw)
    decoded.map.set(key, result === raw ? key : result)
    decoded.bytes += bytes
  }
  return result
}

/** Parses a `Cookie` header into decoded name → value. The first of two same-named cookies wins, as in browsers' order (most specific path first). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>()
  if (!header) return jar
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const rawName = part.slice(0, eq).trim()
    const name = rawName.includes('%') ? remembered(rawName, decodeCookieName) : rawName
    if (!name || jar.has(name)) continue
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length > 1) value = value.slice(1, -1)
    // Most values (JWTs) contain no escape at all and are kept as sent.
    if (value.includes('%')) value = remembered(value, decodeURIComponentOrKeep)
    jar.set(name, value)
  }
  return jar
}
