import type { H3Event } from 'h3'
import { sendRedirect, setResponseHeader } from 'h3'
import { withQuery } from 'ufo'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { assertSameOrigin } from '../routes/same-origin'
import { clearSessionCookies } from '../session/write-session'
import { storedRefreshToken } from '../session/stored-session'
import { configuredUrlFor, managedLoginOf } from './oauth-config'
import { deleteFlowProofs } from './proof-cookie'
import { revokeRefreshToken } from './token-endpoint'

/**
 * GET or POST sign-out, from the app's own pages only (CSRF: a cross-site link cannot sign anyone out).
 * Revokes the refresh token at `/oauth2/revoke` (bounded by `cognitoTimeout`; the cookies go even when
 * Cognito does not answer), deletes every session cookie and the proof cookie, then sends the browser
 * to the managed login's `/logout` (which ends Cognito's own session there) with the configured
 * sign-out URL of this origin as `logout_uri`, where Cognito sends it back.
 */
export async function signOutOfManagedLogin(event: H3Event) {
  assertSameOrigin(event)
  const login = managedLoginOf(amplifyRuntimeConfig())
  const refreshToken = await storedRefreshToken(event)
  if (login && refreshToken) await revokeRefreshToken(login, refreshToken)
  await clearSessionCookies(event)
  if (login) deleteFlowProofs(event, login)
  setResponseHeader(event, 'cache-control', 'no-store')
  const logoutUri = login && configuredUrlFor(event, login.redirectSignOut)
  if (!login || !logoutUri) return sendRedirect(event, '/', 302)
  return sendRedirect(event, withQuery(`${login.baseUrl}/logout`, { client_id: login.clientId, logout_uri: logoutUri }), 302)
}
