import { useRuntimeConfig } from 'nitropack/runtime'
import type { AmplifyPublicRuntimeConfig } from '../../types'

/**
 * The module's runtime config, the process-wide copy. Not `useRuntimeConfig(event)`: for an event,
 * Nitro deep-clones the whole runtime config and re-reads every NUXT_* variable, per request
 * (measured: the largest cost of a `getCurrentUser` route, see test/bench). The env cannot change
 * while the process runs, so the shared copy holds the same values, and its stable identity lets
 * the parsed config and the token verifier be cached per process (resolve-config.ts,
 * request-verifier.ts).
 */
export function amplifyRuntimeConfig(): AmplifyPublicRuntimeConfig {
  return useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
}
