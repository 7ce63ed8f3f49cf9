import { defineNuxtPlugin, useRequestEvent, useRuntimeConfig } from '#imports'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { getRequestAmplifyContext } from '../../server/context/create-context'
import { sharedRuntimeConfig } from '../../server/context/shared-runtime-config'

// Server bundle only: hands Vue code (setup, plugins, route middleware) the same per-request context
// that server routes get (cached on event.context), without passing the event around. Built lazily.
export default defineNuxtPlugin({
  name: 'nuxt-amplify:server-context',
  enforce: 'pre',
  setup() {
    const event = useRequestEvent()
    // Nitro's process-wide config, not the page's per-request copy: same values, and a stable
    // identity keeps the parsed config and the token verifier cached (server/context/runtime-config.ts).
    // The per-request copy only if Nitro's plugin has not run (shared-runtime-config.ts).
    const runtime = sharedRuntimeConfig() ?? useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
    return {
      provide: {
        amplifyServerContext: () => {
          if (!event) throw new Error('[nuxt-amplify] No request: this page is being rendered without an HTTP request (prerender?).')
          return getRequestAmplifyContext(event, runtime)
        },
      },
    }
  },
})
