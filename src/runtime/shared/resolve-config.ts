import type { ResourcesConfig } from 'aws-amplify'
import type { AmplifyPublicRuntimeConfig } from '../types'

// Keyed by the runtime config object: Nitro and the browser each keep one per process/page, so the
// merge runs once, not on every request.
const cache = new WeakMap<AmplifyPublicRuntimeConfig, ResourcesConfig>()

/**
 * The ResourcesConfig both sides hand to Amplify: the parsed config with the endpoint overrides
 * (`userPoolEndpoint`, `identityPoolEndpoint`) applied. Empty strings mean "no override", because
 * runtime config keys must exist at build time for `NUXT_PUBLIC_AMPLIFY_*` to override them.
 */
export function resolveResourcesConfig(runtime: AmplifyPublicRuntimeConfig): ResourcesConfig {
  const cached = cache.get(runtime)
  if (cached) return cached
  const { config, userPoolEndpoint, identityPoolEndpoint } = runtime
  let resolved: ResourcesConfig = config
  const cognito = config.Auth?.Cognito
  if (cognito && (userPoolEndpoint || identityPoolEndpoint)) {
    resolved = {
      ...config,
      Auth: {
        ...config.Auth,
        Cognito: {
          ...cognito,
          ...(userPoolEndpoint && { userPoolEndpoint }),
          ...(identityPoolEndpoint && { identityPoolEndpoint }),
        },
      },
    } as ResourcesConfig
  }
  cache.set(runtime, resolved)
  return resolved
}
