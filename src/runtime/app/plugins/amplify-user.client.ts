import { Hub } from 'aws-amplify/utils'
import { defineNuxtPlugin } from '#imports'
import { useAmplifyUser } from '../composables/useAmplifyUser'

// Keeps the user state in step with Amplify in the browser.
export default defineNuxtPlugin({
  name: 'nuxt-amplify:user-client',
  dependsOn: ['nuxt-amplify:configure'],
  async setup(nuxtApp) {
    const { user, ready, refresh } = useAmplifyUser()

    Hub.listen('auth', ({ payload }) => {
      switch (payload.event) {
        case 'signedIn':
        case 'tokenRefresh':
        case 'tokenRefresh_failure':
          void refresh()
          break
        case 'signedOut':
          user.value = null
          ready.value = true
          break
      }
    })

    if (ready.value) return // the server's value, from the payload
    // No server render (an `ssr: false` route): read before the first route middleware runs.
    if (!nuxtApp.payload.serverRendered) await refresh()
    // A prerendered page: read after hydration, so the first render still matches the HTML.
    else nuxtApp.hooks.hookOnce('app:suspense:resolve', () => void refresh())
  },
})
