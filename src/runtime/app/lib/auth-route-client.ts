import { AuthError } from 'aws-amplify/auth'
import { authRoutePath, type AuthRouteName } from '../../shared/auth-routes'
import { withEncodedData } from './user-context-data'

/**
 * Nuxt's `$fetch`, typed as a plain JSON fetch. Its own type matches the path against every server
 * route of the app; with a computed path that comparison exceeds TypeScript's depth limit in larger
 * apps (seen in a new app with a few API routes). It still resolves the app's `baseURL`.
 */
interface PlainFetch {
  <T>(path: string, options: { method: 'POST', body: object, headers: Record<string, string> }): Promise<T>
  raw<T>(path: string, options: { headers: Record<string, string>, cache: RequestCache }): Promise<{ _data?: T, headers: Headers }>
}
export const routeFetch = (): PlainFetch => $fetch as unknown as PlainFetch

interface RouteErrorBody {
  statusCode?: number
  statusMessage?: string
  data?: { name?: unknown, message?: unknown }
}

/**
 * POSTs JSON to one of the module's auth routes (same origin, so the session cookies travel and the
 * routes' same-origin check passes) and returns its JSON answer. A refusal becomes Amplify's own
 * `AuthError` with Cognito's error name (`NotAuthorizedException`, `UserNotConfirmedException`, …),
 * as `aws-amplify/auth` would throw it, so `catch` blocks written for Amplify keep working. The body
 * carries the page's threat-protection data when the app loads Cognito's script (user-context-data.ts).
 */
export async function postAuthRoute<T>(prefix: string, route: AuthRouteName, body: object): Promise<T> {
  try {
    return await routeFetch()<T>(authRoutePath(prefix, route), { method: 'POST', body: withEncodedData(body), headers: { accept: 'application/json' } })
  }
  catch (error) {
    throw routeError(error)
  }
}

/** The route's JSON error as an AuthError; no answer at all as Amplify's `NetworkError`. */
export function routeError(error: unknown): AuthError {
  const failure = error as { data?: RouteErrorBody, status?: number, statusCode?: number, message?: string }
  const status = failure.status ?? failure.statusCode
  const body = failure.data
  const name = typeof body?.data?.name === 'string' ? body.data.name : undefined
  const message = typeof body?.data?.message === 'string' ? body.data.message : body?.statusMessage
  if (!status) {
    return new AuthError({ name: 'NetworkError', message: 'The sign-in server could not be reached.', underlyingError: error })
  }
  return new AuthError({
    name: name ?? (status >= 500 ? 'ServiceUnavailable' : 'UnknownError'),
    message: message || `The sign-in server answered ${status}.`,
    metadata: { httpStatusCode: status },
  })
}
