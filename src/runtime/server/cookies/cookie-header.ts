import { decodeCookieName } from '../../shared/cookie-names'
import { detached } from '../tokens/detached-string'

// Decoded names and values, by their form in the header. Amplify's cookie names carry the username,
// so an e-mail username puts a `%40` in every name, and `LastAuthUser` and `signInDetails` values
// are escaped too: decoding them was most of the time spent parsing the header (test/bench: 5 of
// 7 µs). They repeat from request to request. A flood of new ones only clears the map.
const decoded = new Map<string, string>()
const MAX_DECODED = 5000
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
  let result = decoded.get(raw)
  if (result === undefined) {
    result = decode(raw)
    if (raw.length > MAX_REMEMBERED_LENGTH) return result
    if (decoded.size >= MAX_DECODED) decoded.clear()
    const key = detached(raw)
    decoded.set(key, result === raw ? key : result)
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
