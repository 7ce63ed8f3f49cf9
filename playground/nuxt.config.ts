import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// Real Amplify outputs (from `npx ampx sandbox`) win; otherwise `npm run dev` writes the local
// emulator's outputs to .data/ and points the user-pool endpoint at it.
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const realOutputs = existsSync(here('./amplify_outputs.json'))
const emulatorOutputs = here('./.data/amplify_outputs.local.json')

export default defineNuxtConfig({
  // Absolute, because test/fixtures/pages extends this config as a layer (layer paths resolve from the app).
  modules: [here('../src/module')],
  devtools: { enabled: false },
  app: { head: { title: 'nuxt-amplify playground', link: [{ rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }] } },
  // A client-only page, to show the redirect on the first load of an `ssr: false` route.
  routeRules: { '/account/spa': { ssr: false } },
  compatibilityDate: '2025-01-01',
  amplify: {
    config: realOutputs
      ? './amplify_outputs.json'
      // Type-checking (`npm run test:types`) needs no emulator: it only reads the shape.
      : process.env.NUXT_AMPLIFY_TYPECHECK
        ? { Auth: { Cognito: { userPoolId: 'us-east-1_typecheck', userPoolClientId: 'typecheck' } } }
        : emulatorOutputs,
    userPoolEndpoint: realOutputs ? '' : process.env.NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT ?? '',
    // Everything under /account needs a signed-in user (/profile uses the named middleware instead).
    redirect: { login: '/login', include: ['/account/**'] },
    // The sign-in routes in both session modes, so one build runs either way: `npm run dev --
    // --server-sessions` (or NUXT_PUBLIC_AMPLIFY_SESSION=server) switches to HttpOnly server sessions.
    authRoutes: true,
  },
})
