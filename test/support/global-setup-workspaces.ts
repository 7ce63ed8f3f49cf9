// vitest globalSetup: installs the compatibility workspaces (test/compat/<name>: their own Nuxt 4 and
// oldest aws-amplify) before any test file uses them, so `npm ci && npm test` needs no extra step.
// Once per run and in parallel: two test files installing one workspace at once would corrupt it.
// test/compat/install.mjs runs `npm ci` only where the lockfile changed since the last install.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const INSTALL = fileURLToPath(new URL('../compat/install.mjs', import.meta.url))

export default async function installWorkspaces() {
  const { stdout } = await promisify(execFile)(process.execPath, [INSTALL], { maxBuffer: 16 * 1024 * 1024 })
  // "installed in N s" is worth a line in the test log; "up to date" is not.
  for (const line of stdout.split('\n').filter(line => line.includes('installed in'))) console.info(line)
}
