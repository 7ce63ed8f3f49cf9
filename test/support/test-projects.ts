// Which vitest project (vitest.config.ts) each test file under test/ belongs to, read from what the
// file uses, so a new test file lands in the right one without a list to update:
// - compat: uses a compatibility workspace (test/compat/<name>, its own Nuxt or aws-amplify):
//   serveWorkspaceApp (support/compat.ts), typecheck-app.ts or a path under test/compat/.
// - browser: drives Chromium (support/browser.ts, or the helpers built on it).
// - categories: uses the category services (categories-data.ts or the categories fixture).
// - integration: everything else under test/ (the emulator only).
// test/unit/** is the unit project (no global setup) and is not classified here.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export type SetupProject = 'integration' | 'categories' | 'browser' | 'compat'

const TEST_DIR = fileURLToPath(new URL('..', import.meta.url))
const REPO = fileURLToPath(new URL('../..', import.meta.url))

const USES_WORKSPACE = /serveWorkspaceApp|support\/typecheck-app'|test\/compat\//
const USES_CATEGORIES = /support\/categories-data'|fixtureSetup\('categories'|fixtureBuildDir\('categories'/
const USES_BROWSER = /support\/(?:browser|browser-s3|oauth-e2e|script-visible)'|inject\('chromiumPath'\)/

export function projectOf(source: string): SetupProject {
  if (USES_WORKSPACE.test(source)) return 'compat'
  if (USES_BROWSER.test(source)) return 'browser'
  if (USES_CATEGORIES.test(source)) return 'categories'
  return 'integration'
}

/** The test files directly under test/ (repo-relative paths) of each project. */
export function testFilesByProject(): Record<SetupProject, string[]> {
  const byProject: Record<SetupProject, string[]> = { integration: [], categories: [], browser: [], compat: [] }
  for (const name of readdirSync(TEST_DIR).filter(name => name.endsWith('.test.ts')).sort()) {
    const file = join(TEST_DIR, name)
    byProject[projectOf(readFileSync(file, 'utf8'))].push(relative(REPO, file))
  }
  return byProject
}
