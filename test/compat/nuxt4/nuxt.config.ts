// A Nuxt 4 app with the Nuxt 4 layout (app/ for the Vue side, server/ beside it) and Nuxt 4's own
// defaults. The module source is copied to .module/ before each build (test/support/compat.ts), so
// the module's imports resolve to this workspace's Nuxt 4, @nuxt/kit 4 and aws-amplify, as in a
// user's project. The pool, client and endpoint come from NUXT_PUBLIC_AMPLIFY_* when the server starts.
export default defineNuxtConfig({
  modules: ['./.module/src/module'],
  compatibilityDate: '2025-07-15',
  amplify: {
    config: { Auth: { Cognito: { userPoolId: 'local_placeholder', userPoolClientId: 'placeholder' } } },
  },
})
