import type { H3Event } from 'h3'
import { defineNitroPlugin, useRuntimeConfig } from 'nitropack/runtime'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { adoptRuntimeConfig, amplifyRuntimeConfig } from '../context/runtime-config'
import { shareRuntimeConfig } from '../context/shared-runtime-config'

/** Nitro's Cloudflare presets put the Worker's env bindings on every event (`event.context.cloudflare.env`). */
function hasWorkerEnv(event: H3Event): boolean {
  return Boolean((event.context as { cloudflare?: { env?: object } }).cloudflare?.env)
}

// Page rendering gets the same process-wide config object as server routes (shared-runtime-config.ts).
// On Cloudflare Workers, NUXT_PUBLIC_AMPLIFY_* variables are env bindings that Nitro's shared config
// may not have seen (runtime-config.ts): the first request, which carries them, rebuilds that copy
// once. The hook then removes itself, so later requests (and every request on Node) pay nothing.
export default defineNitroPlugin((nitroApp) => {
  shareRuntimeConfig(amplifyRuntimeConfig())
  const unhook = nitroApp.hooks.hook('request', (event) => {
    unhook()
    if (!hasWorkerEnv(event)) return
    adoptRuntimeConfig(useRuntimeConfig(event).public.amplify as AmplifyPublicRuntimeConfig)
    shareRuntimeConfig(amplifyRuntimeConfig())
  })
})
