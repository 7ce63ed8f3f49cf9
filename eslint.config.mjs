import { createConfigForNuxt } from '@nuxt/eslint-config/flat'

export default createConfigForNuxt({
  features: { tooling: true, stylistic: true },
  dirs: { src: ['./playground', './test/fixtures/basic', './test/fixtures/categories', './test/compat/nuxt4/app', './test/compat/nuxt46/app', './test/compat/nuxt3'] },
}).append({
  // Test servers parse arbitrary wire JSON (Cognito, AppSync, S3 requests): `any` is the honest type there.
  files: ['test/**'],
  rules: { '@typescript-eslint/no-explicit-any': 'off' },
}, {
  ignores: ['dist', '**/.nuxt', '**/.output', '**/.output-*', '**/.data', 'node_modules', 'coverage', 'test/compat/*/.module', 'test/compat/*/.dev-playground', 'test/compat/**/.amplify-hosting'],
})
