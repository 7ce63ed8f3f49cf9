import { fileURLToPath } from 'node:url'

// Nuxt 3 with the oldest supported aws-amplify. The app is test/fixtures/basic, copied next to this
// file with the module source before each build (test/support/compat.ts), so that every import —
// the module's and the app's — resolves to this workspace's node_modules, as in a user's project.
// The pool, client and endpoint come from NUXT_PUBLIC_AMPLIFY_* when the server starts.
export default defineNuxtConfig({
  modules: ['./.module/src/module'],
  srcDir: '.module/app',
  compatibilityDate: '2025-01-01',
  serverHandlers: [
    { route: '/api/amplify-runtime', handler: fileURLToPath(new URL('./amplify-runtime.get.ts', import.meta.url)) },
    { route: '/api/amplify-released', handler: fileURLToPath(new URL('./amplify-released.get.ts', import.meta.url)) },
  ],
  amplify: {
    config: { Auth: { Cognito: { userPoolId: 'local_placeholder', userPoolClientId: 'placeholder' } } },
  },
})
