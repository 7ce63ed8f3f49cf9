import type { H3Event } from 'h3'
import { setCookie } from 'h3'
import type { CookieStorage } from 'aws-amplify/adapter-core'
import { encodeCookieName } from '../../shared/cookie-names'
import { joinCookieChunks, presentChunkNames, splitCookieValue, chunkCookieName } from '../../shared/cookie-chunks'
import type { RequestRef } from '../context/request-ref'
import { quoted, warnAtMostEvery } from '../errors/bounded-warnings'
import { responseAcceptsHeaders } from '../context/node-http'

/** The event while its response can still take a Set-Cookie (one added after the head is sent would throw in Node). */
function writableEvent(request: RequestRef): H3Event | undefined {
  const event = request.event // undefined once the response is done (request-ref.ts)
  return event && responseAcceptsHeaders(event) ? event : undefined
}

/**
 * Amplify's `CookieStorage.Adapter` over one h3 request: reads the request's cookies (parsed once,
 * see request-ref.ts), writes `Set-Cookie` on its response. Both go through `request`, which lets
 * go of them once the response has been sent. Writes also update the request's cookies, so after a
 * token refresh the rest of the request reads the new tokens. h3's `setCookie` replaces an earlier Set-Cookie with
 * the same name, domain and path, so Amplify's delete-then-set leaves one header per cookie.
 * A class rather than an object of closures: one allocation per request (test/bench).
 */
class RequestCookieAdapter implements CookieStorage.Adapter {
  constructor(private readonly request: RequestRef, private readonly defaults: CookieStorage.SetCookieOptions) {}

  get(name: string): CookieStorage.Cookie | undefined {
    const value = joinCookieChunks(name, this.request.cookies)
    return value === undefined ? undefined : { name, value }
  }

  getAll(): CookieStorage.Cookie[] {
    return [...this.request.cookies].map(([name, value]) => ({ name, value }))
  }

  // A value too large for one cookie is written as chunks and joined on read (shared/cookie-chunks.ts).
  // Whenever one form is written, every cookie of the other form (and surplus chunks) is deleted.
  set(name: string, value: string, options: CookieStorage.SetCookieOptions = {}): void {
    const cookies = this.request.cookies
    const chunks = splitCookieValue(value)
    if (chunks.length === 1) {
      this.clear(presentChunkNames(name, cookies))
      cookies.set(name, value)
      this.write(name, value, options)
      return
    }
    this.clear([name, ...presentChunkNames(name, cookies, chunks.length)])
    chunks.forEach((chunk, i) => {
      cookies.set(chunkCookieName(name, i), chunk)
      this.write(chunkCookieName(name, i), chunk, options)
    })
  }

  delete(name: string): void {
    this.clear([name, ...presentChunkNames(name, this.request.cookies)])
  }

  private write(name: string, value: string, options: CookieStorage.SetCookieOptions): void {
    const event = writableEvent(this.request)
    if (!event) {
      // Any visitor with an expired session can cause this on a streaming route: one line a minute at most.
      warnAtMostEvery('late-cookie', 60_000, `Cookie ${quoted(name)} was not written: the response headers were already sent. Call Amplify before streaming the response.`)
      return
    }
    const defaults = this.defaults
    setCookie(event, encodeCookieName(name), value, { ...defaults, ...options, domain: options.domain || defaults.domain || undefined })
  }

  private clear(names: string[]): void {
    for (const name of names) {
      if (!this.request.cookies.delete(name)) continue // nothing to clear in the browser; avoids a needless header
      this.write(name, '', { maxAge: 0, expires: new Date(0) })
    }
  }
}

/** The cookie adapter of one request (see RequestCookieAdapter). */
export function createCookieStorageAdapter(request: RequestRef, defaults: CookieStorage.SetCookieOptions): CookieStorage.Adapter {
  return new RequestCookieAdapter(request, defaults)
}
