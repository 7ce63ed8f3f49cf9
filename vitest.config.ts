import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Start the Cognito emulator once per run, then build each fixture app once for all test files.
    globalSetup: ['./test/support/global-setup.ts', './test/support/global-setup-categories.ts', './test/support/build-fixtures.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Two cores: one file per core; each e2e file starts its own server from the shared build.
    maxWorkers: 2,
    fileParallelism: true,
  },
})
