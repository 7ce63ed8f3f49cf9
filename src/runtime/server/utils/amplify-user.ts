import type { H3Event } from 'h3'
import { createError, setResponseHeader } from 'h3'
import { getCurrentUser } from 'aws-amplify/auth/server'
import type { AuthUser } from 'aws-amplify/auth'
import { isAnonymousError } from '../errors/auth-errors'
import { AUTH_UNAVAILABLE_MESSAGE, authOutageOf } from '../errors/auth-outage'
import { useAmplifyServerContext } from './amplify-context'

/**
 * The signed-in user of this request, or `null` when the request carries no usable session.
 * This is Amplify's `getCurrentUser`, so both always agree: the user named by an access token and
 * an id token of the same user whose signature, issuer and app client were verified (unless
 * `verifyTokens: false`), and `signInDetails` only as far as those tokens confirm it
 * (cookie-validator.ts). Also `null` while Cognito is unreachable: `requireAmplifyUser` tells
 * those cases apart.
 */
export async function getAmplifyUser(event: H3Event): Promise<AuthUser | null> {
  try {
    const user = await getCurrentUser(useAmplifyServerContext(event))
    // Amplify answers a user without name or id when the tokens have no id token; the validator
    // lets no such session through, and this keeps it so should that ever change.
    return user.userId ? user : null
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
