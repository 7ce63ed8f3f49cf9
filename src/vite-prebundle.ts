import type { useNuxt } from '@nuxt/kit'

type Nuxt = ReturnType<typeof useNuxt>

/**
 * Amplify's entry points that reach the browser: the module's client runtime imports the first
 * group, pages and components the rest (in dev, a page's `…/server` import is loaded by the
 * browser too, even when only `import.meta.server` code calls it). The supported categories only:
 * pre-bundling analytics, push notifications or DataStore would slow every fresh `nuxi dev`.
 */
export const AMPLIFY_BROWSER_ENTRIES = [
  'aws-amplify', 'aws-amplify/utils', 'aws-amplify/auth/cognito', 'aws-amplify/auth/server',
  'aws-amplify/api/internals', 'aws-amplify/data', '@aws-amplify/core', '@aws-amplify/core/internals/utils',
  'aws-amplify/auth', 'aws-amplify/auth/enable-oauth-listener', 'aws-amplify/api', 'aws-amplify/api/server',
  'aws-amplify/data/server', 'aws-amplify/storage', 'aws-amplify/storage/server',
]

/**
 * `nuxi dev`: Vite pre-bundles the dependencies it finds when it starts. One it discovers only
 * when a page first imports it (`@aws-amplify/core` from `useAmplifyContext()`) makes it
 * re-bundle and reload the browser mid-navigation: on a fresh clone the first sign-in bounced
 * back to the form, and the reloaded page briefly held an unconfigured copy of Amplify
 * (NoAmplifyContextError). Declared up front, all of them are bundled together at start-up and
 * share one copy of Amplify's core. Nuxt applies `optimizeDeps.include` to the client build only
 * (its server build clears it).
 */
export function preBundleAmplifyInDev(nuxt: Nuxt): void {
  if (!nuxt.options.dev) return
  const optimizeDeps = (nuxt.options.vite.optimizeDeps ??= {})
  optimizeDeps.include = [...new Set([...optimizeDeps.include ?? [], ...AMPLIFY_BROWSER_ENTRIES])]
}
