import type { createAmplifyContext } from 'aws-amplify'
import type { AuthTokens } from 'aws-amplify/auth'

/** Which user-pool token REST calls carry as `Authorization`; `'none'` keeps Amplify's IAM signing. */
export type RestAuthToken = 'none' | 'idToken' | 'accessToken'

type RestLibraryOptions = Pick<NonNullable<Parameters<typeof createAmplifyContext>[1]>, 'API'>

/**
 * Amplify's REST client never adds a user-pool token by itself: with no `Authorization` header it
 * signs with identity-pool credentials (SigV4), or sends the call unsigned. An API Gateway with a
 * Cognito authorizer wants the signed-in user's token instead, so with `restAuthToken` set, every
 * REST call of a signed-in context gets `Authorization: <token>` (a call's own `headers` still win).
 * Guests get no header, so their calls stay IAM-signed with guest credentials.
 */
export function restAuthLibraryOptions(which: RestAuthToken | string | undefined, tokenProvider: { getTokens(): Promise<AuthTokens | null> }): RestLibraryOptions | undefined {
  if (which !== 'idToken' && which !== 'accessToken') return undefined
  return {
    API: {
      REST: {
        headers: async (): Promise<Record<string, string>> => {
          const token = (await tokenProvider.getTokens())?.[which]
          return token ? { Authorization: token.toString() } : {}
        },
      },
    },
  }
}
