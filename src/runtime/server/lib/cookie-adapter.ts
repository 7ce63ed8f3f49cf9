import type { H3Event } from 'h3'
import { getRequestHeader, setCookie } from 'h3'
import type { CookieStorage } from 'aws-amplify/adapter-core'
import { decodeCookieName, encodeCookieName } from '../../shared/cookie-names'
import { joinCookieChunks, presentChunkNames, splitCookieValue, chunkCookieName } from '../../shared/cookie-chunks'

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

/** True once the response head is on the wire; a Set-Cookie added then would throw in Node. */
function responseStarted(event: H3Event): boolean {
  const res = event.node.res
  return res.headersSent || res.writableEnded
}

/**
 * Amplify's `CookieStorage.Adapter` over one h3 request: reads the request's `Cookie` header (once),
 * writes `Set-Cookie` on its response. Writes also update the in-memory jar, so after a token refresh
 * the rest of the request reads the new tokens. h3's `setCookie` replaces an earlier Set-Cookie with
 * the same name, domain and path, so Amplify's delete-then-set leaves one header per cookie.
 */
export function createCookieStorageAdapter(event: H3Event, defaults: CookieStorage.SetCookieOptions): CookieStorage.Adapter {
  const jar = parseCookieHeader(getRequestHeader(event, 'cookie'))

  function write(name: string, value: string, options: CookieStorage.SetCookieOptions) {
    if (responseStarted(event)) {
      console.warn(`[nuxt-amplify] Cookie ${name} was not written: the response headers were already sent. Call Amplify before streaming the response.`)
      return
    }
    setCookie(event, encodeCookieName(name), value, { ...defaults, ...options, domain: options.domain || defaults.domain || undefined })
  }

  // A value too large for one cookie is written as chunks and joined on read (shared/cookie-chunks.ts).
  // Whenever one form is written, every cookie of the other form (and surplus chunks) is deleted.
  function clear(names: string[]) {
    for (const name of names) {
      if (!jar.has(name)) continue // nothing to clear in the browser; avoids a needless header
      jar.delete(name)
      write(name, '', { maxAge: 0, expires: new Date(0) })
    }
  }

  return {
    get(name) {
      const value = joinCookieChunks(name, chunk => jar.get(chunk))
      return value === undefined ? undefined : { name, value }
    },
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set(name, value, options = {}) {
      const chunks = splitCookieValue(value)
      if (chunks.length === 1) {
        clear(presentChunkNames(name, chunk => jar.has(chunk)))
        jar.set(name, value)
        write(name, value, options)
        return
      }
      clear([name, ...presentChunkNames(name, chunk => jar.has(chunk), chunks.length)])
      chunks.forEach((chunk, i) => {
        jar.set(chunkCookieName(name, i), chunk)
        write(chunkCookieName(name, i), chunk, options)
      })
    },
    delete(name) {
      clear([name, ...presentChunkNames(name, chunk => jar.has(chunk))])
    },
  }
}
