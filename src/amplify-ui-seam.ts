import { addVitePlugin, type useNuxt } from '@nuxt/kit'
import type { Plugin } from 'vite'

type Nuxt = ReturnType<typeof useNuxt>

// Amplify UI's packages (@aws-amplify/ui, which ui-vue bundles into its own dist, and ui-vue): a file
// whose path runs through one of them imports Amplify the way the Authenticator does.
const AMPLIFY_UI_FILE = /[\\/]node_modules[\\/]@aws-amplify[\\/]ui(?:-[\w-]+)?[\\/]/
const AMPLIFY_UI_PACKAGES = ['@aws-amplify/ui-vue', '@aws-amplify/ui']

/**
 * Server sessions and Amplify UI's Authenticator: it answers some steps with functions it imports
 * from `aws-amplify/auth` itself rather than through its `services` prop (a new password, the
 * sign-in after a confirmed sign-up, ...), and in the browser those cannot finish a sign-in that the
 * server holds. So in the browser build, `aws-amplify/auth` imported by Amplify UI's files resolves
 * to runtime/app/lib/amplify-ui-auth.ts: Amplify's module with those flows sent to the module's
 * routes when the page runs with server sessions. Nothing else changes: the app's own imports of
 * `aws-amplify/auth` stay Amplify's, and with browser sessions the re-export is Amplify's functions.
 *
 * Why an import seam: Amplify's functions keep their sign-in state in module singletons and ES
 * module exports cannot be replaced at run time; the Authenticator's direct calls have no other hook.
 * Only with the auth routes built in (no server sessions otherwise).
 *
 * `nuxi dev`: Vite pre-bundles dependencies with esbuild, past Vite's plugins; so Amplify UI is left
 * out of pre-bundling (its own imports, Vue and Amplify, still are), or the seam would not apply.
 */
export function routeAmplifyUiAuthCalls(nuxt: Nuxt, replacement: string): void {
  addVitePlugin(amplifyUiAuthPlugin(replacement), { server: false })
  if (!nuxt.options.dev) return
  const optimizeDeps = (nuxt.options.vite.optimizeDeps ??= {})
  optimizeDeps.include = optimizeDeps.include?.filter(id => !AMPLIFY_UI_PACKAGES.includes(id))
  optimizeDeps.exclude = [...new Set([...optimizeDeps.exclude ?? [], ...AMPLIFY_UI_PACKAGES])]
}

function amplifyUiAuthPlugin(replacement: string): Plugin {
  return {
    name: 'nuxt-amplify:amplify-ui-auth',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source !== 'aws-amplify/auth' || !importer || !AMPLIFY_UI_FILE.test(importer)) return null
      return await this.resolve(replacement, importer, { skipSelf: true })
    },
  }
}
