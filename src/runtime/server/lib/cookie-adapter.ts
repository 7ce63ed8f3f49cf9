import type { H3Event } from 'h3'
import { setCookie } from 'h3'
import type { CookieStorage } from 'aws-amplify/adapter-core'
import { encodeCookieName } from '../../shared/cookie-names'
import { joinCookieChunks, presentChunkNames, splitCookieValue, chunkCookieName } from '../../shared/cookie-chunks'
import type { RequestRef } from './request-ref'

/** The event while its response can still take a Set-Cookie (one added after the head is sent would throw in Node). */
function writableEvent(request: RequestRef): H3Event | undefined {
  const event = request.event // undefined once the response is done (request-ref.ts)
  const res = event?.node.res
  return res && !res.headersSent && !res.writableEnded ? event : undefined
}

/**
 * Amplify's `CookieStorage.Adapter` over one h3 request: reads the request's cookies (parsed once,
 * see request-ref.ts), writes `Set-Cookie` on its response. Both go through `request`, which lets
 * go of them once the response has been sent. Writes also update the request's cookies, so after a
 * token refresh the rest of the request reads the new tokens. h3's `setCookie` replaces an earlier Set-Cookie with
 * the same name, domain and path, so Amplify's delete-then-set leaves one header per cookie.
 */
export function createCookieStorageAdapter(request: RequestRef, defaults: CookieStorage.SetCookieOptions): CookieStorage.Adapter {
  function write(name: string, value: string, options: CookieStorage.SetCookieOptions) {
    const event = writableEvent(request)
    if (!event) {
      console.warn(`[nuxt-amplify] Cookie ${name} was not written: the response headers were already sent. Call Amplify before streaming the response.`)
      return
    }
    setCookie(event, encodeCookieName(name), value, { ...defaults, ...options, domain: options.domain || defaults.domain || undefined })
  }

  // A value too large for one cookie is written as chunks and joined on read (shared/cookie-chunks.ts).
  // Whenever one form is written, every cookie of the other form (and surplus chunks) is deleted.
  function clear(names: string[]) {
    for (const name of names) {
      if (!request.cookies.delete(name)) continue // nothing to clear in the browser; avoids a needless header
      write(name, '', { maxAge: 0, expires: new Date(0) })
    }
  }

  return {
    get(name) {
      const value = joinCookieChunks(name, chunk => request.cookies.get(chunk))
      return value === undefined ? undefined : { name, value }
    },
    getAll: () => [...request.cookies].map(([name, value]) => ({ name, value })),
    set(name, value, options = {}) {
      const chunks = splitCookieValue(value)
      if (chunks.length === 1) {
        clear(presentChunkNames(name, chunk => request.cookies.has(chunk)))
        request.cookies.set(name, value)
        write(name, value, options)
        return
      }
      clear([name, ...presentChunkNames(name, chunk => request.cookies.has(chunk), chunks.length)])
      chunks.forEach((chunk, i) => {
        request.cookies.set(chunkCookieName(name, i), chunk)
        write(chunkCookieName(name, i), chunk, options)
      })
    },
    delete(name) {
      clear([name, ...presentChunkNames(name, chunk => request.cookies.has(chunk))])
    },
  }
}
