import type { AmplifyContext } from 'aws-amplify'
import { createAWSCredentialsAndIdentityIdProvider } from 'aws-amplify/adapter-core'
import type { KeyValueStorageInterface } from 'aws-amplify/utils'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { createStandaloneAmplifyContext } from './amplify-context-factory'

/** Holds the guest identity id for the life of one guest context; nothing reaches a cookie. */
class MemoryStorage implements KeyValueStorageInterface {
  private items = new Map<string, string>()
  async setItem(key: string, value: string) { this.items.set(key, value) }
  async getItem(key: string) { return this.items.get(key) ?? null }
  async removeItem(key: string) { this.items.delete(key) }
  async clear() { this.items.clear() }
}

/**
 * A context for code that runs outside any request (Nitro tasks, cron, prerendering): no cookies are
 * read, none are written, and there is never a user. API-key Data calls work; AWS calls get guest
 * credentials from the identity pool when it allows guests (`unauthenticated_identities_enabled`).
 * Each context gets its own guest identity on first use, so keep one for a batch of calls.
 */
export function createGuestAmplifyContext(runtime: AmplifyPublicRuntimeConfig): AmplifyContext {
  const config = resolveResourcesConfig(runtime)
  const auth = config.Auth
  if (!auth) return createStandaloneAmplifyContext(config, {}, 'createAmplifyGuestContext()')
  return createStandaloneAmplifyContext(config, {
    Auth: {
      tokenProvider: { getTokens: async () => null },
      credentialsProvider: createAWSCredentialsAndIdentityIdProvider(auth, new MemoryStorage()),
    },
  }, 'createAmplifyGuestContext()')
}
