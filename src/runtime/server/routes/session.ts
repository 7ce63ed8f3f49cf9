import { defineEventHandler, setResponseHeader } from 'h3'
import { fetchAuthSession } from 'aws-amplify/auth/server'
import type { SessionResult } from '../../shared/auth-routes'
import { authError } from '../cognito/cognito-errors'
import { isAnonymousError } from '../errors/auth-errors'
import { warnAtMostEvery } from '../errors/bounded-warnings'
import { AUTH_UNAVAILABLE_MESSAGE, authOutageOf } from '../errors/auth-outage'
import { useAmplifyServerContext } from '../utils/amplify-context'
import { getAmplifyUser } from '../utils/amplify-user'
import { assertSameOrigin } from './same-origin'

/**
 * GET session → SessionResult: the access and id tokens of the request's session for browser-side
 * Amplify (its token source holds them in memory until they expire, then asks again). Expired tokens
 * are refreshed here with the refresh token cookie, which never leaves the server. Only the app's own
 * pages may read it (`Sec-Fetch-Site`/`Origin`; a cross-site page cannot read the JSON anyway), and no
 * cache keeps it.
 */
export default defineEventHandler(async (event): Promise<SessionResult> => {
  setResponseHeader(event, 'cache-control', 'no-store')
  if (event.method !== 'GET' && event.method !== 'HEAD') {
    setResponseHeader(event, 'allow', 'GET')
    throw authError(405, 'MethodNotAllowed', 'Use GET.')
  }
  assertSameOrigin(event)
  const context = useAmplifyServerContext(event)
  let tokens
  try {
    tokens = (await fetchAuthSession(context)).tokens
  }
  catch (error) {
    // Outages and refused refreshes already read as "no tokens" (bounded-token-provider.ts); anything
    // else is no reason for a 500 either: signed out for this request, one log line a minute at most.
    if (!isAnonymousError(error)) warnAtMostEvery('session-route', 60_000, `GET session could not read the session: ${(error as Error)?.name}`)
  }
  if (authOutageOf(event)) throw authError(503, 'ServiceUnavailable', AUTH_UNAVAILABLE_MESSAGE)
  const user = tokens?.accessToken && tokens.idToken ? await getAmplifyUser(event) : null
  if (!user || !tokens?.idToken) return { signedIn: false }
  return {
    signedIn: true,
    accessToken: tokens.accessToken.toString(),
    idToken: tokens.idToken.toString(),
    username: user.username,
    userId: user.userId,
    ...(user.signInDetails ? { signInDetails: user.signInDetails } : {}),
  }
})
