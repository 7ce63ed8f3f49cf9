import { decodeCookieName } from '../../shared/cookie-names'

/** Parses a `Cookie` header into decoded name → value. The first of two same-named cookies wins, as in browsers' order (most specific path first). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>()
  if (!header) return jar
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    // Most names and values (JWTs) contain no escape at all; decoding only when there is one is a
    // measurable share of every request (test/bench), since a session sends about ten cookies.
    const rawName = part.slice(0, eq).trim()
    const name = rawName.includes('%') ? decodeCookieName(rawName) : rawName
    if (!name || jar.has(name)) continue
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length > 1) value = value.slice(1, -1)
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value)
      }
      catch { /* a malformed escape stays as sent; the token checks reject it later */ }
    }
    jar.set(name, value)
  }
  return jar
}
