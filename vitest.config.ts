import { defineConfig } from 'vitest/config'
import { testFilesByProject } from './test/support/test-projects.ts'

// Five projects, each with only the global setup its files need (CONTRIBUTING: running tests):
// - unit: test/unit/*, plain functions, no setup at all: one file runs in seconds (a file there that
//   reaches the emulator runs in integration).
// - integration: the Cognito emulator. Fixture apps are built on demand, by the first test file that
//   asks for one, and cached by content across runs (support/fixture-builds.ts).
// - categories: the emulator and the category services (AppSync, S3, identity pool, REST).
// - browser: both, after finding Chromium (a missing one stops the run before anything slow).
// - compat: the emulator, after installing the compatibility workspaces (test/compat).
// Which project a file belongs to is read from the file (support/test-projects.ts).
// Services shared by two projects are started once per run (support/shared-setup.ts).
const files = testFilesByProject()
const emulator = './test/support/global-setup.ts'
const categories = './test/support/global-setup-categories.ts'
const shared = { testTimeout: 60_000, hookTimeout: 300_000 }

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: files.unit } },
      { test: { ...shared, name: 'integration', include: files.integration, globalSetup: [emulator] } },
      { test: { ...shared, name: 'categories', include: files.categories, globalSetup: [emulator, categories] } },
      { test: { ...shared, name: 'browser', include: files.browser, globalSetup: ['./test/support/global-setup-browser.ts', emulator, categories] } },
      { test: { ...shared, name: 'compat', include: files.compat, globalSetup: ['./test/support/global-setup-workspaces.ts', emulator] } },
    ],
    // Two cores: one file per core over all projects; each e2e file starts its own server from the shared build.
    maxWorkers: 2,
    fileParallelism: true,
  },
})
