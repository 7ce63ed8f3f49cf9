import type { H3Event } from 'h3'
import { createError } from 'h3'
import { getCurrentUser } from 'aws-amplify/auth/server'
import type { AuthUser } from 'aws-amplify/auth'
import { isAnonymousError } from '../lib/auth-errors'
import { useAmplifyServerContext } from './amplify-context'

/** The signed-in user of this request, or `null` when the request carries no usable session. */
export async function getAmplifyUser(event: H3Event): Promise<AuthUser | null> {
  try {
    return await getCurrentUser(useAmplifyServerContext(event))
  }
  catch (error) {
    if (isAnonymousError(error)) return null
    throw error
  }
}

/** The signed-in user, or a 401 JSON error `{ statusCode: 401, message }` (like `requireUserSession` in nuxt-auth-utils). */
export async function requireAmplifyUser(event: H3Event): Promise<AuthUser> {
  const user = await getAmplifyUser(event)
  if (!user) throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Sign in to access this resource.' })
  return user
}
