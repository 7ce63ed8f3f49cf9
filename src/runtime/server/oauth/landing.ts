import type { H3Event } from 'h3'
import { sendRedirect, setResponseHeader, setResponseStatus } from 'h3'
import { withQuery } from 'ufo'
import { returnPathLocation } from '../../shared/return-path'
import type { ManagedLogin } from './oauth-config'

/**
 * The `?error=` codes a managed-login failure lands on the login page with (docs/managed-login.md):
 * - `access_denied`: the user (or the provider) said no; `oauth_error`: another error from the provider;
 * - `state_missing`: no proof of this attempt (older than 5 minutes, cookies blocked, or a callback URL
 *   used twice); `state_mismatch`: the callback is not for this browser's attempt (login CSRF);
 * - `invalid_grant`: the code was refused (replayed, expired); `token_endpoint_unavailable`: Cognito did
 *   not answer in time; `invalid_tokens`: the tokens failed verification (or came without an id token);
 * - `invalid_provider`: `?provider=` is no identity-provider name; `not_configured`: no managed login for this
 *   site (no OAuth config, or no redirect URL of this origin).
 */
export type ManagedLoginError = 'access_denied' | 'oauth_error' | 'state_missing' | 'state_mismatch' | 'invalid_grant'
  | 'token_endpoint_unavailable' | 'invalid_tokens' | 'invalid_provider' | 'not_configured'

/** A failure: a 302 to the login page with the error code, and the return path for the next attempt. */
export function landOnLogin(event: H3Event, loginPath: string, error: ManagedLoginError, returnPath?: string) {
  setResponseHeader(event, 'cache-control', 'no-store')
  // Carried (withQuery encodes it) only when it could be landed on later.
  const keep = returnPath && returnPath !== '/' && returnPathLocation(returnPath, '')
  return sendRedirect(event, withQuery(loginPath, { error, ...(keep && { redirect: returnPath }) }), 302)
}

/**
 * Success: on to the return path. With SameSite=Strict session cookies, a redirect that continues the
 * navigation from the Cognito domain is still cross-site, so the browser would not send the new cookies
 * and the page would render signed out: a small same-site page navigates instead (its navigation is
 * same-site, the cookies go along). `returnPath` is a checked same-site path, decoded (any character):
 * encoded for the Location header (returnPathLocation), and still escaped for HTML and JS.
 */
export function landOnReturnPath(event: H3Event, login: ManagedLogin, returnPath: string) {
  const target = returnPathLocation(returnPath)
  setResponseHeader(event, 'cache-control', 'no-store')
  if (login.sameSite !== 'strict') return sendRedirect(event, target, 302)
  setResponseStatus(event, 200)
  setResponseHeader(event, 'content-type', 'text/html; charset=utf-8')
  const attr = target.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
  const js = JSON.stringify(target).replace(/</g, '\\u003c')
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${attr}"><title>Signing in…</title><script>location.replace(${js})</script></head><body><a href="${attr}">Continue</a></body></html>`
}
