import type { ResourcesConfig } from 'aws-amplify'
import type { KeyValueStorageInterface } from 'aws-amplify/utils'
import { DefaultTokenStore } from 'aws-amplify/auth/cognito'

/**
 * Deletes the current session's cookies the way Amplify's sign-out does (its token store's
 * clearTokens: tokens, clockDrift, signInDetails, LastAuthUser). For a session Amplify cannot
 * refresh (an expired access token without a refresh token): Amplify throws without clearing it,
 * so every later request would carry the dead session again.
 */
export async function clearStoredSession(auth: NonNullable<ResourcesConfig['Auth']>, storage: KeyValueStorageInterface): Promise<void> {
  const store = new DefaultTokenStore()
  store.setAuthConfig(auth)
  store.setKeyValueStorage(storage)
  await store.clearTokens()
}
