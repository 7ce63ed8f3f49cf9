// Which vitest project (vitest.config.ts) each test file under test/ belongs to, read from what the
// file uses, so a new test file lands in the right one without a list to update:
// - compat: uses a compatibility workspace (test/compat/<name>, its own Nuxt or aws-amplify):
//   serveWorkspaceApp (support/compat.ts), typecheck-app.ts or a path under test/compat/.
// - browser: drives Chromium (support/browser.ts, or the helpers built on it).
// - categories: uses the category services (categories-data.ts or the categories fixture).
// - integration: everything else under test/ (the emulator only).
// - unit: test/unit/** (no global setup), except a file there that reaches the emulator
//   (loadStack(), inject('amplifyStack'), sign-in.ts, stack.ts): it runs in integration, where the emulator is started.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export type SetupProject = 'unit' | 'integration' | 'categories' | 'browser' | 'compat'

const TEST_DIR = fileURLToPath(new URL('..', import.meta.url))
const REPO = fileURLToPath(new URL('../..', import.meta.url))

const USES_WORKSPACE = /serveWorkspaceApp|support\/typecheck-app'|test\/compat\//
const USES_CATEGORIES = /support\/categories-data'|fixtureSetup\('categories'|fixtureBuildDir\('categories'/
const USES_BROWSER = /support\/(?:browser|browser-s3|oauth-e2e|script-visible)'|inject\('chromiumPath'\)/

const USES_EMULATOR = /loadStack\(|inject\('amplifyStack'\)|support\/(?:sign-in|stack)'/

export function projectOf(source: string, unitDir = false): SetupProject {
  if (unitDir && !USES_EMULATOR.test(source) && !USES_CATEGORIES.test(source) && !USES_BROWSER.test(source)) return 'unit'
  if (USES_WORKSPACE.test(source)) return 'compat'
  if (USES_BROWSER.test(source)) return 'browser'
  if (USES_CATEGORIES.test(source)) return 'categories'
  return 'integration'
}

/** The test files under test/ and test/unit/ (repo-relative paths) of each project. */
export function testFilesByProject(): Record<SetupProject, string[]> {
  const byProject: Record<SetupProject, string[]> = { unit: [], integration: [], categories: [], browser: [], compat: [] }
  for (const dir of [TEST_DIR, join(TEST_DIR, 'unit')]) {
    for (const name of readdirSync(dir).filter(name => name.endsWith('.test.ts')).sort()) {
      const file = join(dir, name)
      byProject[projectOf(readFileSync(file, 'utf8'), dir !== TEST_DIR)].push(relative(REPO, file))
    }
  }
  return byProject
}
