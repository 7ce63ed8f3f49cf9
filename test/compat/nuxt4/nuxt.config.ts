// A Nuxt 4 app with the Nuxt 4 layout (app/ for the Vue side, server/ beside it) and Nuxt 4's own
// defaults. The cell installs the packed module into a copy of this app outside the repository
// (test/support/packed-module.ts names it 'nuxt-amplify' there), so it resolves this workspace's
// Nuxt 4, @nuxt/kit 4 and aws-amplify, as in a user's project. The config is a file, as in most
// apps: ./amplify_outputs.json is written for the run's pool before the build (it is relative to the
// rootDir; app/amplify_outputs.json is a decoy with another pool, which a path resolved from Nuxt 4's
// srcDir would load). The Cognito endpoint comes from NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT when the
// server starts. The file also has a managed-login section (`auth.oauth`) with placeholder URLs, so
// the build registers the auth and managed-login routes; the cell's server-sessions server gets its
// pool and URLs from NUXT_PUBLIC_AMPLIFY_CONFIG.
export default defineNuxtConfig({
  modules: ['./.module/src/module'],
  compatibilityDate: '2025-07-15',
  amplify: {
    config: './amplify_outputs.json',
    authRoutes: true,
  },
})
