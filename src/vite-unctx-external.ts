import { addVitePlugin } from '@nuxt/kit'

/** unctx's entry as an absolute file path (what Nuxt >= 4.5 writes into the imports it injects). */
const UNCTX_ENTRY = /[/\\]node_modules[/\\]unctx[/\\]dist[/\\]index\.mjs$/

/**
 * Works around an upstream build failure of Nuxt >= 4.5 with Vite >= 8.4 (rolldown >= 1.3):
 * `[INVALID_EXTERNAL_ID] "node_modules/unctx/dist/index.mjs" is imported as an external by
 * ".../nuxt/dist/app/internal/context.js", but is already an existing non-external module id`.
 *
 * For every `await` in a `defineNuxtPlugin` / `defineNuxtRouteMiddleware` (this module's
 * amplify-user.server plugin, Nuxt's own router plugin, an app's plugins), Nuxt's unctx transform
 * injects `import { executeAsync } from "/abs/node_modules/unctx/dist/index.mjs"` (an absolute path
 * since nuxt/nuxt#35602, Nuxt 4.5.0), which the server build bundles, while Nuxt's runtime imports
 * bare `unctx`, which its resolve-externals plugin makes external with that same absolute id.
 * Rolldown 1.2 let one id be both; rolldown 1.3 (Vite 8.4.0) refuses. Making the injected import
 * external too (as Nuxt's own one is) gives one external unctx, and the build works. A no-op where
 * the helper is bare `unctx` (Nuxt 3, Nuxt < 4.5) and in dev. Reproduction: docs, compatibility.
 */
export function externalizeUnctxHelper(): void {
  addVitePlugin({
    name: 'nuxt-amplify:unctx-helper-external',
    enforce: 'pre',
    apply: 'build',
    resolveId(id) {
      if (UNCTX_ENTRY.test(id)) return { id, external: 'absolute' }
    },
  }, { client: false })
}
