import type { AmplifyPublicRuntimeConfig } from '../../types'

// Nitro's process-wide runtime config (runtime-config.ts), handed to the Vue SSR bundle. That bundle
// cannot import `nitropack/runtime` itself: in `nuxi dev`, Vite resolves it outside Nitro and fails
// on Nitro's virtual modules (every page answered 500). The two bundles run in one process and are
// separate module instances, hence a global, set once when Nitro starts (share-runtime-config.ts).
const KEY = Symbol.for('nuxt-amplify:runtime-config')

export function shareRuntimeConfig(config: AmplifyPublicRuntimeConfig): void {
  (globalThis as Record<symbol, unknown>)[KEY] = config
}

export function sharedRuntimeConfig(): AmplifyPublicRuntimeConfig | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as AmplifyPublicRuntimeConfig | undefined
}
