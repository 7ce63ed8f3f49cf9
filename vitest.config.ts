import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Once per run: the browser first (a missing one stops the run before anything slow), the
    // compatibility workspaces' installs, the Cognito emulator, the category services (AppSync, S3,
    // identity pool, REST), then each fixture app's build, shared by all test files.
    globalSetup: [
      './test/support/global-setup-browser.ts',
      './test/support/global-setup-workspaces.ts',
      './test/support/global-setup.ts',
      './test/support/global-setup-categories.ts',
      './test/support/build-fixtures.ts',
    ],
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Two cores: one file per core; each e2e file starts its own server from the shared build.
    maxWorkers: 2,
    fileParallelism: true,
  },
})
