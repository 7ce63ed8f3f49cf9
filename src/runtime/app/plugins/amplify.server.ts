import { defineNuxtPlugin, useRequestEvent } from '#imports'
import { getRequestAmplifyContext } from '../../server/lib/create-context'
import { amplifyRuntimeConfig } from '../../server/lib/runtime-config'

// Server bundle only: hands Vue code (setup, plugins, route middleware) the same per-request context
// that server routes get (cached on event.context), without passing the event around. Built lazily.
export default defineNuxtPlugin({
  name: 'nuxt-amplify:server-context',
  enforce: 'pre',
  setup() {
    const event = useRequestEvent()
    // Nitro's process-wide config, not the page's per-request copy: same values, and a stable
    // identity keeps the parsed config and the token verifier cached (server/lib/runtime-config.ts).
    const runtime = amplifyRuntimeConfig()
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
