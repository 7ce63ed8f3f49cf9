import type { H3Event } from 'h3'
import { getRequestHeader, getRequestIP } from 'h3'
import { warnOncePerProcess } from '../errors/bounded-warnings'
import { ENCODED_DATA_FIELD, MAX_ENCODED_DATA, MAX_TRUSTED_PROXIES } from '../../shared/user-context'

/**
 * Cognito's `UserContextData` (UserContextDataType): who is really signing in, for threat protection.
 * The routes call Cognito from the server, so without it Cognito sees every user at the server's
 * address. `IpAddress` counts only where the app client propagates user context data; `EncodedData`
 * is what Cognito's browser script (`AmazonCognitoAdvancedSecurityData.getData`) collected in the page.
 */
export interface UserContextData { IpAddress?: string, EncodedData?: string }

// The operations whose input has `UserContextData` (Cognito API reference); other calls go out as they are.
const TAKES_USER_CONTEXT = new Set(['InitiateAuth', 'RespondToAuthChallenge', 'SignUp', 'ConfirmSignUp', 'ResendConfirmationCode', 'ForgotPassword', 'ConfirmForgotPassword'])

/** The body of one Cognito call with the browser's context added, where the operation takes it. */
export function withUserContext(operation: string, body: Record<string, unknown>, context: UserContextData | undefined): Record<string, unknown> {
  if (!context || !TAKES_USER_CONTEXT.has(operation) || body.UserContextData !== undefined) return body
  return { ...body, UserContextData: context }
}

// Base64 (the script's alphabet, and the URL-safe one).
const ENCODED_DATA = /^[\w+/=-]+$/

/**
 * The context of the request an auth route is answering: the client's address (see `clientAddress`) and
 * the page's `encodedData` field when it looks like what the script writes (anything else is left out: a sign-in
 * never fails over it). Undefined when there is neither.
 */
export function requestUserContext(event: H3Event, fields: Record<string, unknown>, trustedProxies: unknown): UserContextData | undefined {
  const context: UserContextData = {}
  const ip = clientAddress(event, proxyCount(trustedProxies))
  if (ip) context.IpAddress = ip
  const encoded = fields[ENCODED_DATA_FIELD]
  if (typeof encoded === 'string' && encoded.length <= MAX_ENCODED_DATA && ENCODED_DATA.test(encoded)) context.EncodedData = encoded
  return context.IpAddress || context.EncodedData ? context : undefined
}

/**
 * The address of the client. With no trusted proxy (the default), the connection's peer: a client can
 * write any `X-Forwarded-For`, so the header is ignored. With `trustedProxies` = N, the app sits behind
 * N proxies that each append the address they were connected from: the Nth entry from the right is
 * the address the outermost trusted proxy saw (entries left of it are the client's to write). A
 * header with fewer entries, or an entry that is no IP address, falls back to the connection.
 */
export function clientAddress(event: H3Event, trustedProxies: number): string | undefined {
  const connection = connectionAddress(event)
  if (trustedProxies === 0) return connection
  const header = getRequestHeader(event, 'x-forwarded-for')
  if (!header) return connection
  // The Nth comma-separated entry from the right, without splitting a long header whole.
  let end = header.length
  let start = header.lastIndexOf(',', end - 1) + 1
  for (let hop = 1; hop < trustedProxies; hop++) {
    if (start === 0) return connection
    end = start - 1
    start = header.lastIndexOf(',', end - 1) + 1
  }
  return ipAddress(forwardedHost(header.slice(start, end).trim())) ?? connection
}

function connectionAddress(event: H3Event): string | undefined {
  try {
    return ipAddress(getRequestIP(event))
  }
  catch {
    return undefined // no socket (an edge runtime's request)
  }
}

// `1.2.3.4:5678` and `[::1]:443` (some proxies keep the port) → the address alone.
function forwardedHost(entry: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(entry)
  if (bracketed) return bracketed[1]!
  const v4WithPort = /^([\d.]+):\d{1,5}$/.exec(entry)
  return v4WithPort ? v4WithPort[1]! : entry
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

/** A canonical IPv4 or IPv6 address, or undefined. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the IPv4 user it is. */
export function ipAddress(value: string | undefined): string | undefined {
  if (!value || value.length > 64) return undefined
  const mapped = /^::ffff:(\d[\d.]*)$/i.exec(value)
  const candidate = mapped ? mapped[1]! : value
  if (IPV4.test(candidate)) return candidate
  if (!/^[\da-f:.]+$/i.test(candidate) || !candidate.includes(':')) return undefined
  try {
    // The URL parser is the IPv6 grammar every runtime has; it answers the canonical form.
    return new URL(`http://[${candidate}]/`).hostname.slice(1, -1)
  }
  catch {
    return undefined
  }
}

function proxyCount(value: unknown): number {
  const count = Number(value ?? 0)
  if (Number.isInteger(count) && count >= 0 && count <= MAX_TRUSTED_PROXIES) return count
  // Only a run-time override can get here (the build checks nuxt.config): trust no header.
  warnOncePerProcess('trusted proxies', `NUXT_PUBLIC_AMPLIFY_TRUSTED_PROXIES must be a whole number from 0 to ${MAX_TRUSTED_PROXIES}, not ${JSON.stringify(String(value)).slice(0, 40)}: X-Forwarded-For is ignored.`)
  return 0
}
