import type { H3Event } from 'h3'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { getRequestAmplifyContext } from '../context/create-context'
import { requestRefOf } from '../context/request-ref'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { clientCookieNames } from '../cookies/session-cookie-names'

/**
 * The refresh token of the request's session, read as Amplify reads it (LastAuthUser, then that
 * user's key) through the request's cookie storage. Only ever sent to Cognito (sign-out revokes it).
 */
export async function storedRefreshToken(event: H3Event): Promise<string | undefined> {
  const runtime = amplifyRuntimeConfig()
  getRequestAmplifyContext(event, runtime)
  const clientId = resolveResourcesConfig(runtime).Auth?.Cognito?.userPoolClientId
  const request = requestRefOf(event)
  if (!clientId || !request) return undefined
  const names = clientCookieNames(clientId)
  const user = await request.getItem(names.lastAuthUser)
  return (user && await request.getItem(`${names.prefix}.${user}.refreshToken`)) || undefined
}
