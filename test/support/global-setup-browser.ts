// vitest globalSetup, first of all: finds the Chromium the browser tests drive (test/support/browser.ts),
// or gets one, or stops the run at once with the one command that installs it. Without it, every
// browser test would fail on its own, after the emulator and the builds, in a wall of launch errors.
import { execFile } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string
  }
}

/** Debian's package (what CI uses) and playwright's own download, in that order. */
const KNOWN = ['/usr/bin/chromium', '/usr/bin/chromium-browser', chromium.executablePath()]
/** NUXT_AMPLIFY_BROWSER_INSTALL=0 turns the automatic install off (it is on by default). */
const INSTALL_ENV = 'NUXT_AMPLIFY_BROWSER_INSTALL'

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  }
  catch {
    return false
  }
}

const isRoot = () => process.getuid?.() === 0
const hasAptGet = () => executable('/usr/bin/apt-get')
const run = promisify(execFile)

/** The command a person runs to install it on this machine. */
function installCommand(): string {
  if (hasAptGet()) return `${isRoot() ? '' : 'sudo '}apt-get install -y chromium`
  return 'npx playwright-core install chromium'
}

/** Playwright's browser download (where its CDN is reachable), then Debian's package when we are root. */
async function install(): Promise<string | undefined> {
  const cli = new URL('../../node_modules/playwright-core/cli.js', import.meta.url).pathname
  try {
    console.info('[browser] Chromium not found: downloading playwright\'s Chromium…')
    await run(process.execPath, [cli, 'install', '--no-shell', 'chromium'], { timeout: 5 * 60_000 })
    if (executable(chromium.executablePath())) return chromium.executablePath()
  }
  catch {
    // Unreachable CDN, or no space: try the system package.
  }
  if (!hasAptGet() || !isRoot()) return undefined
  try {
    console.info('[browser] playwright\'s download failed: installing Debian\'s chromium package (apt-get)…')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    await run('apt-get', ['update', '-qq'], { env, timeout: 5 * 60_000 })
    await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 })
  }
  catch {
    return undefined
  }
  return KNOWN.find(executable)
}

export default async function findBrowser(project: TestProject) {
  // CHROMIUM_PATH, when set, is the browser to use: only that path is looked at.
  const wanted = process.env.CHROMIUM_PATH
  let found = wanted ? (executable(wanted) ? wanted : undefined) : KNOWN.find(executable)
  if (!found && process.env[INSTALL_ENV] !== '0') found = await install()
  if (!found) {
    const where = wanted ? `CHROMIUM_PATH=${wanted}` : KNOWN.join(', ')
    const error = new Error(`[browser] The browser tests need Chromium; none at ${where}. Install it with: ${installCommand()}`)
    error.stack = error.message // one line: the stack of this setup file helps nobody
    throw error
  }
  if (wanted && found !== wanted) console.info(`[browser] CHROMIUM_PATH=${wanted} does not exist; using ${found}`)
  project.provide('chromiumPath', found)
}
