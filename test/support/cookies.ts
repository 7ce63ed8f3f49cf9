import { decodeCookieName } from '../../src/runtime/shared/cookie-names'

export interface SetCookie {
  name: string
  value: string
  attributes: Record<string, string | true>
}

/** Parses `Set-Cookie` headers (names decoded as the browser's js-cookie would read them). */
export function parseSetCookies(headers: string[]): SetCookie[] {
  return headers.map((header) => {
    const [pair, ...rest] = header.split(';')
    const eq = pair!.indexOf('=')
    const attributes: Record<string, string | true> = {}
    for (const part of rest) {
      const [key, ...value] = part.trim().split('=')
      attributes[key!.toLowerCase()] = value.length ? value.join('=') : true
    }
    return { name: decodeCookieName(pair!.slice(0, eq).trim()), value: decodeURIComponent(pair!.slice(eq + 1).trim()), attributes }
  })
}

/** The browser's jar after it applied a response's Set-Cookie headers (deletions included). */
export function applySetCookies(jar: Record<string, string>, headers: string[]): Record<string, string> {
  const next = new Map(Object.entries(jar))
  for (const cookie of parseSetCookies(headers)) {
    if (cookie.attributes['max-age'] === '0') next.delete(cookie.name)
    else next.set(cookie.name, cookie.value)
  }
  return Object.fromEntries(next)
}

/** The payload of a JWT, without verifying it (tests compare claims of tokens they already trust). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))
}
