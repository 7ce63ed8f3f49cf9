import { Amplify } from 'aws-amplify'
import { defineNuxtPlugin, useRuntimeConfig } from '#imports'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { recordAuthEvents } from '../lib/auth-events'
import { createBrowserSession } from '../lib/browser-session'
import type { BrowserSession } from '../lib/session-types'
import { withConfigureWarningsOncePerTab } from '../lib/configure-warnings'
import { restAuthLibraryOptions } from '../../shared/rest-auth-headers'
import type { AmplifyPublicRuntimeConfig } from '../../types'

// Runs first (enforce: 'pre'), so any later plugin or page can call Amplify. Where the browser's
// Amplify gets its tokens depends on the session mode, decided in one place (lib/browser-session.ts):
// its own cookies (browser sessions) or the server's session route (server sessions).
export default defineNuxtPlugin({
  name: 'nuxt-amplify:configure',
  enforce: 'pre',
  setup(nuxtApp): void | Promise<void> {
    const runtime = useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
    const config = resolveResourcesConfig(runtime)
    if (!config.Auth) {
      Amplify.configure(config, { ssr: true })
      return
    }
    // From the start of the page load, whatever the page: the user state catches up on first use.
    recordAuthEvents(nuxtApp)
    const configure = (session: BrowserSession) => withConfigureWarningsOncePerTab(() => Amplify.configure(config, {
      ssr: true,
      Auth: { tokenProvider: session.tokenProvider, credentialsProvider: session.credentialsProvider },
      // Same REST Authorization rule as the server context, so a call behaves alike on both sides.
      ...restAuthLibraryOptions(runtime.restAuthToken, session.tokenProvider),
    }))
    const session = createBrowserSession(runtime, config.Auth)
    // Server sessions first load their chunk: Nuxt awaits the returned promise before later plugins.
    if (session instanceof Promise) return session.then(configure)
    configure(session)
  },
})
