import type { ResourcesConfig } from 'aws-amplify'
import type { KeyValueStorageInterface } from 'aws-amplify/utils'

/**
 * Deletes the current session's cookies the way Amplify's sign-out does (its token store's
 * clearTokens: tokens, clockDrift, signInDetails, LastAuthUser). For a session Amplify cannot
 * refresh (an expired access token without a refresh token): Amplify throws without clearing it,
 * so every later request would carry the dead session again.
 */
export async function clearStoredSession(auth: NonNullable<ResourcesConfig['Auth']>, storage: KeyValueStorageInterface): Promise<void> {
  // Imported here, on the first session that needs deleting, not at start-up: this file comes in with
  // request-ref.ts, which a Nitro plugin (release-request.ts) loads on every cold start, and
  // 'aws-amplify/auth/cognito' is the whole Cognito Auth category (about 330 modules of @aws-amplify/auth
  // and core). A route that uses Amplify loads it anyway; one that does not now never does.
  const { DefaultTokenStore } = await import('aws-amplify/auth/cognito')
  const store = new DefaultTokenStore()
  store.setAuthConfig(auth)
  store.setKeyValueStorage(storage)
  await store.clearTokens()
}
