import { Amplify } from 'aws-amplify'
import { CookieStorage } from 'aws-amplify/utils'
import { CognitoAWSCredentialsAndIdentityIdProvider, DefaultIdentityIdStore, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito'
import { defineNuxtPlugin, useRuntimeConfig } from '#imports'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { ChunkedCookieStorage } from '../lib/chunked-cookie-storage'
import { recordAuthEvents } from '../lib/auth-events'
import { withConfigureWarningsOncePerTab } from '../lib/configure-warnings'
import { restAuthLibraryOptions } from '../../shared/rest-auth-headers'
import type { AmplifyPublicRuntimeConfig } from '../../types'

// Runs first (enforce: 'pre'), so any later plugin or page can call Amplify. Tokens go to cookies
// with exactly the server's attributes, so the server reads what the browser wrote and the browser
// accepts what the server rewrites after a refresh.
export default defineNuxtPlugin({
  name: 'nuxt-amplify:configure',
  enforce: 'pre',
  setup(nuxtApp) {
    const runtime = useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
    const config = resolveResourcesConfig(runtime)
    if (!config.Auth) {
      Amplify.configure(config, { ssr: true })
      return
    }
    const { domain, sameSite, secure, path, maxAge } = runtime.cookies
    // Chunked: an id token over 4 KB is split into several cookies, as the server does (shared/cookie-chunks.ts).
    const storage = new ChunkedCookieStorage(new CookieStorage({
      domain: domain || undefined,
      sameSite,
      secure,
      path,
      expires: maxAge / 86_400, // js-cookie counts in days
    }))
    // From the start of the page load, whatever the page: the user state catches up on first use.
    recordAuthEvents(nuxtApp)
    cognitoUserPoolsTokenProvider.setAuthConfig(config.Auth)
    cognitoUserPoolsTokenProvider.setKeyValueStorage(storage)
    withConfigureWarningsOncePerTab(() => Amplify.configure(config, {
      ssr: true,
      Auth: {
        tokenProvider: cognitoUserPoolsTokenProvider,
        credentialsProvider: new CognitoAWSCredentialsAndIdentityIdProvider(new DefaultIdentityIdStore(storage)),
      },
      // Same REST Authorization rule as the server context, so a call behaves alike on both sides.
      ...restAuthLibraryOptions(runtime.restAuthToken, cognitoUserPoolsTokenProvider),
    }))
  },
})
