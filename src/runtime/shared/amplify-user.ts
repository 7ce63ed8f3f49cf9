import type { AuthTokens } from 'aws-amplify/auth'

/**
 * The signed-in user as pages see it: `AuthUser`'s `username` and `userId`, plus what the id token
 * says about the user. Plain JSON, because it travels from the server render to the browser in the
 * Nuxt payload.
 */
export interface AmplifyUser {
  /** `cognito:username` of the id token (Amplify's `getCurrentUser().username`). */
  username: string
  /** `sub`: the user's stable id (Amplify's `getCurrentUser().userId`). */
  userId: string
  /** The `email` claim, when the pool puts it in the id token. */
  email?: string
  /** The `name` claim, when set. (Cognito includes it; the cognito-local emulator does not.) */
  name?: string
  /** `cognito:groups` (empty when the user is in no group). */
  groups: string[]
  /** Every id token claim except the JWT bookkeeping ones: standard and `custom:` attributes. */
  claims: Record<string, unknown>
}

// Claims about the token, not the user: left out so the payload carries only user data.
const TOKEN_CLAIMS = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'origin_jti', 'event_id', 'token_use', 'auth_time', 'at_hash'])

/**
 * Builds the user from tokens alone (no Cognito call), as `getCurrentUser` does: from the id token.
 * Without one there is no user, here as on the server, where an access token without its id token
 * is no session (cookie-validator.ts) and Amplify's `getCurrentUser` could not name anyone.
 */
export function userFromTokens(tokens: AuthTokens | undefined): AmplifyUser | null {
  const id = tokens?.idToken?.payload
  if (!id) return null
  const username = id['cognito:username']
  const userId = id.sub
  if (typeof username !== 'string' || !username || typeof userId !== 'string' || !userId) return null
  const claims = Object.fromEntries(Object.entries(id).filter(([key]) => !TOKEN_CLAIMS.has(key)))
  const groups = id['cognito:groups'] ?? []
  return {
    username,
    userId,
    ...(typeof id.email === 'string' && { email: id.email }),
    ...(typeof id.name === 'string' && { name: id.name }),
    groups: Array.isArray(groups) ? groups.map(String) : [],
    claims,
  }
}
