import { readWithJsCookie } from './js-cookie-read'

export interface SetCookie {
  name: string
  value: string
  attributes: Record<string, string | true>
}

/**
 * Parses `Set-Cookie` headers, one cookie each. Name and value are what the browser's Amplify
 * reads back (js-cookie, see js-cookie-read.ts), so an encoding the browser would misread shows.
 */
export function parseSetCookies(headers: string[]): SetCookie[] {
  return headers.map((header) => {
    const [pair, ...rest] = header.split(';')
    const attributes: Record<string, string | true> = {}
    for (const part of rest) {
      const [key, ...value] = part.trim().split('=')
      attributes[key!.toLowerCase()] = value.length ? value.join('=') : true
    }
    return { ...readWithJsCookie(pair!.trim()), attributes }
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
