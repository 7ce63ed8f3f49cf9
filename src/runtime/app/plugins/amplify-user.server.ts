import { defineNuxtPlugin } from '#imports'
import { useAmplifyUser } from '../composables/useAmplifyUser'

// Reads the signed-in user once per request, before any page or middleware runs, so that `user`
// is settled before anything renders and the payload carries it to the browser (no hydration
// mismatch). Reading this early also means an expired access token is refreshed, and its cookies
// set, before the response starts streaming.
export default defineNuxtPlugin({
  name: 'nuxt-amplify:user-server',
  dependsOn: ['nuxt-amplify:server-context'],
  async setup() {
    // A prerendered page is the same for everyone: leave the user unread, the browser reads it.
    if (import.meta.prerender) return
    await useAmplifyUser().refresh()
  },
})
