import { defineNuxtPlugin } from '#imports'
import { useAmplifyUser } from '../composables/useAmplifyUser'

// Reads the signed-in user once per request, before any page or middleware runs, so that `user`
// is settled before anything renders and the payload carries it to the browser (no hydration
// mismatch). Reading this early also means an expired access token is refreshed, and its cookies
// set, before the response starts streaming.
export default defineNuxtPlugin({
  name: 'nuxt-amplify:user-server',
  dependsOn: ['nuxt-amplify:server-context'],
  setup() {
    // A prerendered page is the same for everyone: leave the user unread, the browser reads it.
    if (import.meta.prerender) return
    // Returned, not awaited (Nuxt awaits a plugin's promise all the same): an `await` in a plugin
    // makes Nuxt >= 4.5 import unctx by its absolute path (nuxt/nuxt#35602) while its own runtime
    // imports it as an external, and the server build fails with INVALID_EXTERNAL_ID (Vite 8 /
    // rolldown). See the compatibility notes for the reproduction.
    return useAmplifyUser().refresh()
  },
})
