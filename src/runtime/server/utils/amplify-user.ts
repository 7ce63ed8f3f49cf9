import type { H3Event } from 'h3'
import { createError, setResponseHeader } from 'h3'
import { fetchAuthSession, getCurrentUser } from 'aws-amplify/auth/server'
import type { AuthUser } from 'aws-amplify/auth'
import { isAnonymousError } from '../lib/auth-errors'
import { AUTH_UNAVAILABLE_MESSAGE, authOutageOf } from '../lib/auth-outage'
import { useAmplifyServerContext } from './amplify-context'

/**
 * The signed-in user of this request, or `null` when the request carries no usable session.
 * The user comes from an access token whose signature, issuer and app client were verified
 * (unless `verifyTokens: false`). Also `null` while Cognito is unreachable: `requireAmplifyUser`
 * tells those cases apart.
 */
export async function getAmplifyUser(event: H3Event): Promise<AuthUser | null> {
  try {
    const context = useAmplifyServerContext(event)
    const user = await getCurrentUser(context)
    if (user.userId) return user
    // Amplify's getCurrentUser names the user from the id token only. Without one (absent, or
    // dropped by verification), name them from the verified access token rather than return a
    // "user" without a name or id.
    const access = (await fetchAuthSession(context)).tokens?.accessToken.payload
    if (typeof access?.sub !== 'string') return null
    return { username: String(access.username ?? access.sub), userId: access.sub, ...(user.signInDetails && { signInDetails: user.signInDetails }) }
  }
  catch (error) {
    if (isAnonymousError(error)) return null
    throw error
  }
}

/**
 * The signed-in user, or an error with a JSON body (like `requireUserSession` in nuxt-auth-utils):
 * 401 `{ statusCode: 401, message: 'Sign in to access this resource.' }` without a usable session,
 * 503 `{ statusCode: 503, message: 'Sign-in service unavailable. Try again shortly.' }` when the
 * session could not be checked because Cognito did not answer in time.
 */
export async function requireAmplifyUser(event: H3Event): Promise<AuthUser> {
  const user = await getAmplifyUser(event)
  if (user) return user
  if (authOutageOf(event)) {
    setResponseHeader(event, 'retry-after', 5)
    throw createError({ statusCode: 503, statusMessage: 'Service Unavailable', message: AUTH_UNAVAILABLE_MESSAGE })
  }
  throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Sign in to access this resource.' })
}
