import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Five projects, each with only the global setup its files need, started only when one of its files
// runs (CONTRIBUTING: running tests). Services two projects need are started once per run
// (support/shared-setup.ts). Fixture apps are built on demand, by the first test file that asks for
// one, and cached by content across runs (support/fixture-builds.ts).
// - unit: test/unit/*, no global setup: one file runs in seconds.
// - integration: the Cognito emulator.
// - categories: the emulator and the category services (AppSync, S3, identity pool, REST).
// - browser: both, after finding Chromium (a missing one stops the run before anything slow).
// - compat: the emulator, after installing the compatibility workspaces (test/compat) and finding
//   Chromium (the Nuxt cells open their page in it).
// A file's project is read from what it uses, so a new test file lands in the right one with no
// list to update: a workspace (serveWorkspaceApp, compat-node-cell.ts, typecheck-app.ts, node-lines.ts, a test/compat/ path) → compat;
// Chromium (support/browser.ts or a helper built on it) → browser; the category services → categories;
// else integration. A test/unit file is unit unless it reaches the emulator (loadStack(),
// inject('amplifyStack'), sign-in.ts, stack.ts) or one of the above.
const REPO = fileURLToPath(new URL('.', import.meta.url))
const TEST_DIR = join(REPO, 'test')
type SetupProject = 'unit' | 'integration' | 'categories' | 'browser' | 'compat'

const USES_WORKSPACE = /serveWorkspaceApp|support\/(?:typecheck-app|node-lines|compat-node-cell)'|test\/compat\//
const USES_CATEGORIES = /support\/categories-data'|fixtureSetup\('categories'|fixtureBuildDir\('categories'/
const USES_BROWSER = /support\/(?:browser|browser-s3|oauth-e2e|script-visible)'|inject\('chromiumPath'\)/
const USES_EMULATOR = /loadStack\(|inject\('amplifyStack'\)|support\/(?:sign-in|stack)'/

function projectOf(source: string, unitDir = false): SetupProject {
  if (unitDir && !USES_EMULATOR.test(source) && !USES_CATEGORIES.test(source) && !USES_BROWSER.test(source)) return 'unit'
  if (USES_WORKSPACE.test(source)) return 'compat'
  if (USES_BROWSER.test(source)) return 'browser'
  if (USES_CATEGORIES.test(source)) return 'categories'
  return 'integration'
}

/** The test files under test/, test/unit/ and test/bench/ (repo-relative paths) of each project. */
function testFilesByProject(): Record<SetupProject, string[]> {
  const byProject: Record<SetupProject, string[]> = { unit: [], integration: [], categories: [], browser: [], compat: [] }
  for (const dir of [TEST_DIR, join(TEST_DIR, 'unit'), join(TEST_DIR, 'bench')]) {
    for (const name of readdirSync(dir).filter(name => name.endsWith('.test.ts')).sort()) {
      const file = join(dir, name)
      byProject[projectOf(readFileSync(file, 'utf8'), dir === join(TEST_DIR, 'unit'))].push(relative(REPO, file))
    }
  }
  return byProject
}

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
      { test: { ...shared, name: 'compat', include: files.compat, globalSetup: ['./test/support/global-setup-browser.ts', './test/support/global-setup-workspaces.ts', emulator] } },
    ],
    // Two cores: one file per core over all projects; each e2e file starts its own server from the shared build.
    maxWorkers: 2,
    fileParallelism: true,
  },
})
