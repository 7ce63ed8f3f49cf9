import { defineNuxtPlugin, useRequestEvent, useRuntimeConfig } from '#imports'
import { getRequestAmplifyContext } from '../../server/lib/create-context'
import type { AmplifyPublicRuntimeConfig } from '../../types'

// Server bundle only: hands Vue code (setup, plugins, route middleware) the same per-request context
// that server routes get (cached on event.context), without passing the event around. Built lazily.
export default defineNuxtPlugin({
  name: 'nuxt-amplify:server-context',
  enforce: 'pre',
  setup() {
    const event = useRequestEvent()
    const runtime = useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
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
