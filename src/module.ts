import { addImportsDir, addPlugin, addRouteMiddleware, addServerImportsDir, addServerPlugin, addTypeTemplate, createResolver, defineNuxtModule } from '@nuxt/kit'
import { defu } from 'defu'
import { checkCookieOptions, checkRestAuthToken, loadAmplifyConfig } from './load-config'
import { resolveRedirectOptions } from './redirect-options'
import { resolveAuthRoutesOptions } from './auth-routes-options'
import { addAuthRoutes } from './auth-routes-setup'
import { checkManagedLoginConfig } from './oauth-options'
import { addManagedLoginRoutes } from './oauth-routes-setup'
import { preBundleAmplifyInDev } from './vite-prebundle'
import { routeAmplifyUiAuthCalls } from './amplify-ui-seam'
import { externalizeUnctxHelper } from './vite-unctx-external'
import { inlineJoseOnNuxt45 } from './vite-inline-jose'
import { checkAwsAmplifyInstalled } from './aws-amplify-check'
import { checkTrustedProxies } from './trusted-proxies-option'
import type { AmplifyPrivateRuntimeConfig, AmplifyPublicRuntimeConfig, ModuleOptions } from './runtime/types'

export type { AmplifyAuthRoutesOptions, AmplifyCookieOptions, AmplifyRedirectOptions, ModuleOptions } from './runtime/types'

export default defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'nuxt-amplify',
    configKey: 'amplify',
    compatibility: { nuxt: '>=3.0.0' },
  },
  // Amplify's own cookie defaults (aws-amplify/adapter-core), written out so browser and server agree.
  defaults: {
    auth: true,
    cookies: { sameSite: 'lax', secure: true, path: '/', maxAge: 365 * 24 * 60 * 60 },
    userPoolEndpoint: '',
    identityPoolEndpoint: '',
    oauthEndpoint: '',
    redirect: false,
    restAuthToken: 'none',
    verifyTokens: true,
    tokenIssuer: '',
    jwksUrl: '',
    cognitoTimeout: 5000,
    session: 'browser',
    trustedProxies: 0,
  },
  async setup(options, nuxt) {
    const { resolve } = createResolver(import.meta.url)

    // 0. aws-amplify is a peer dependency: without it, one line that names the install, not a stack trace.
    await checkAwsAmplifyInstalled(nuxt.options.rootDir)
    // 1. Options → public runtime config (plain JSON; NUXT_PUBLIC_AMPLIFY_* env vars override it at run time).
    checkCookieOptions(options.cookies ?? {})
    checkRestAuthToken(options.restAuthToken)
    const publicConfig: AmplifyPublicRuntimeConfig = {
      config: await loadAmplifyConfig(options, nuxt.options.rootDir),
      cookies: { domain: '', ...options.cookies } as AmplifyPublicRuntimeConfig['cookies'],
      userPoolEndpoint: options.userPoolEndpoint ?? '',
      identityPoolEndpoint: options.identityPoolEndpoint ?? '',
      oauthEndpoint: options.oauthEndpoint ?? '',
      redirect: resolveRedirectOptions(options.redirect),
      restAuthToken: options.restAuthToken ?? 'none',
      // Token checks (server only; see src/runtime/server/tokens/token-verifier.ts).
      verifyTokens: options.verifyTokens !== false,
      tokenIssuer: options.tokenIssuer ?? '',
      jwksUrl: options.jwksUrl ?? '',
      cognitoTimeout: options.cognitoTimeout ?? 5000,
      session: options.session === 'server' ? 'server' : 'browser',
      authRoutes: resolveAuthRoutesOptions(options.authRoutes, options.session),
      // The client address the auth routes give Cognito's threat protection (user-context.ts).
      trustedProxies: checkTrustedProxies(options.trustedProxies),
    }
    checkManagedLoginConfig(publicConfig.config, publicConfig.authRoutes, options.oauthEndpoint)
    // (an app's generated runtime-config types narrow `amplify` to its own literal values; assign as plain data)
    const runtimePublic = nuxt.options.runtimeConfig.public as Record<string, unknown>
    runtimePublic.amplify = defu(runtimePublic.amplify as object, publicConfig)
    // Server only: the secret that seals sign-in state cookies (NUXT_AMPLIFY_SESSION_PASSWORD).
    const runtimePrivate = nuxt.options.runtimeConfig as Record<string, unknown>
    runtimePrivate.amplify = defu(runtimePrivate.amplify as object, { sessionPassword: '' } satisfies AmplifyPrivateRuntimeConfig)

    // 2. Browser: Amplify.configure(config, { ssr: true }) before any other plugin.
    addPlugin({ src: resolve('./runtime/app/plugins/amplify.client'), mode: 'client' })
    // 2b. `nuxi dev`: Vite pre-bundles Amplify's browser entry points at start-up, not on first use
    //     (a late one reloads the page mid-navigation; see vite-prebundle.ts).
    preBundleAmplifyInDev(nuxt)
    // 2c. Server sessions' browser code is built in only with the auth routes (lib/browser-session.ts).
    nuxt.options.vite.define = { ...nuxt.options.vite.define, __NUXT_AMPLIFY_AUTH_ROUTES__: JSON.stringify(publicConfig.authRoutes.enabled) }
    // 2d. Amplify UI's Authenticator calls some aws-amplify/auth functions itself: with server sessions
    //     those reach the auth routes too (amplify-ui-seam.ts).
    if (publicConfig.authRoutes.enabled) routeAmplifyUiAuthCalls(nuxt, resolve('./runtime/app/lib/amplify-ui-auth'))
    // 3. Page SSR: the request's context, reachable from Vue code without passing the event.
    addPlugin({ src: resolve('./runtime/app/plugins/amplify.server'), mode: 'server' })
    addImportsDir(resolve('./runtime/app/composables'))
    // 3b. Pages: the signed-in user as state (read on the server, carried in the payload; in the
    //     browser useAmplifyUser() follows Hub auth events), and the middleware that sends anonymous
    //     visitors to login.
    addPlugin({ src: resolve('./runtime/app/plugins/amplify-user.server'), mode: 'server' })
    //     Its `await` (like any plugin's) needs this for the server build of Nuxt >= 4.5 on Vite >= 8.4.
    externalizeUnctxHelper()
    //     And its server code's jose, which Nuxt >= 4.5 otherwise writes out with broken paths.
    inlineJoseOnNuxt45()
    addRouteMiddleware({ name: 'amplify-auth', path: resolve('./runtime/app/middleware/amplify-auth') })
    if (options.redirect) addRouteMiddleware({ name: 'amplify-redirect', path: resolve('./runtime/app/middleware/amplify-redirect.global'), global: true })

    // 4. Server routes: useAmplifyServerContext(event) and runWithAmplifyServerContext(event, op), auto-imported.
    addServerImportsDir(resolve('./runtime/server/utils'))
    // 5. A signed-out request that reaches an Amplify auth API answers 401, not 500.
    addServerPlugin(resolve('./runtime/server/plugins/auth-errors'))
    // 6. A file that does not exist, an API that says 403: the service's 4xx status, not a 500.
    addServerPlugin(resolve('./runtime/server/plugins/service-errors'))
    // 6b. After each response the request's context lets go of the event (fast GC, see request-ref.ts).
    addServerPlugin(resolve('./runtime/server/plugins/release-request'))
    // 6c. Page rendering uses Nitro's process-wide runtime config, as server routes do.
    addServerPlugin(resolve('./runtime/server/plugins/share-runtime-config'))

    // 6d. Auth routes (sign-in and its steps, sign-out, the browser's session) under `authRoutes.prefix`,
    //     with their sealing secret checked at start-up; only when enabled (auth-routes-setup.ts).
    if (publicConfig.authRoutes.enabled) addAuthRoutes(nuxt, publicConfig.authRoutes.prefix, resolve)
    // 6e. Managed login (OAuth 2.0 + PKCE): sign-in, sign-up, callback, sign-out under the same prefix.
    if (publicConfig.authRoutes.enabled) addManagedLoginRoutes(publicConfig.authRoutes.prefix, resolve)

    // 7. Types for event.context.amplify (the per-request context cache).
    addTypeTemplate({
      filename: 'types/nuxt-amplify.d.ts',
      getContents: () => `import type { AmplifyContext } from 'aws-amplify'
declare module 'h3' {
  interface H3EventContext { amplify?: AmplifyContext }
}
export {}
`,
    }, { nitro: true, nuxt: true })
  },
})
