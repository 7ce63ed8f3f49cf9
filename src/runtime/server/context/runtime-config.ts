import { useRuntimeConfig } from 'nitropack/runtime'
import type { AmplifyPublicRuntimeConfig } from '../../types'

/** Set once, on Cloudflare Workers, from the first request's env bindings (adoptRuntimeConfig). */
let adopted: AmplifyPublicRuntimeConfig | undefined

/**
 * The module's runtime config, the process-wide copy. Not `useRuntimeConfig(event)`: for an event,
 * Nitro deep-clones the whole runtime config and re-reads every NUXT_* variable, per request
 * (measured: the largest cost of a `getCurrentUser` route, see test/bench). The env cannot change
 * while the process runs, so the shared copy holds the same values, and its stable identity lets
 * the parsed config and the token verifier be cached per process (resolve-config.ts,
 * request-verifier.ts).
 */
export function amplifyRuntimeConfig(): AmplifyPublicRuntimeConfig {
  return adopted ?? useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
}

/**
 * Replaces the process-wide copy, once. On Workers built without `nodejs_compat`, Worker variables
 * reach `process.env` only when the first request arrives (Nitro sets `globalThis.__env__` from the
 * request's env bindings), after Nitro froze its shared config at startup without them; the first
 * request's `useRuntimeConfig(event)` has them (share-runtime-config.ts).
 */
export function adoptRuntimeConfig(config: AmplifyPublicRuntimeConfig): void {
  adopted = config
}
