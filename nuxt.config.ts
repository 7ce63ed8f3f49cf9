// The root Nuxt config exists for tooling, not for an app: `nuxi prepare` here generates `.nuxt/`
// (auto-import and `#imports` types) so `npm run test:types` and editors can type-check `src/runtime`
// with the module installed. The runnable app is `playground/`; the tested apps are `test/fixtures/`.
import { defineNuxtConfig } from 'nuxt/config'

export default defineNuxtConfig({
  modules: ['./src/module'],
  compatibilityDate: '2025-01-01',
  amplify: {
    config: { Auth: { Cognito: { userPoolId: 'us-east-1_typecheck', userPoolClientId: 'typecheck' } } },
  },
})
