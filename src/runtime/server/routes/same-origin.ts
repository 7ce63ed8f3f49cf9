import type { H3Event } from 'h3'
import { getRequestHeader, getRequestHost } from 'h3'
import { authError } from '../cognito/cognito-errors'

/**
 * CSRF: a state-changing auth route only runs for requests from the app's own pages. Browsers say
 * where a request comes from in `Sec-Fetch-Site` (all current ones) and `Origin` (every POST), and a
 * page on another site cannot forge either. A request with neither is not from a browser (curl, a
 * server): it has no victim's cookies to ride on, so it is let through.
 */
export function assertSameOrigin(event: H3Event): void {
  const site = getRequestHeader(event, 'sec-fetch-site')
  if (site !== undefined && site !== 'same-origin') throw crossSite()
  const origin = getRequestHeader(event, 'origin')
  if (origin === undefined) return
  let host: string
  try {
    host = new URL(origin).host // `null` (sandboxed frames, some redirects) throws: refused
  }
  catch {
    throw crossSite()
  }
  // The Host header, or the public host a proxy put in X-Forwarded-Host (a cross-site page cannot set either).
  if (host !== getRequestHost(event) && host !== getRequestHost(event, { xForwardedHost: true })) throw crossSite()
}

function crossSite() {
  return authError(403, 'CrossSiteRequest', 'Cross-site requests are not accepted.')
}
