import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REPO = fileURLToPath(new URL('..', import.meta.url))
const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))

/** A separate `vitest run` of a browser test file, as a developer starts it, with `env` on top of ours. */
function vitestRun(env: Record<string, string>): Promise<{ code: number, output: string }> {
  // Without our VITEST* variables: the child is a run of its own, not a worker of this one.
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')))
  return new Promise((done) => {
    execFile(process.execPath, [VITEST, 'run', 'test/pages.test.ts'], { cwd: REPO, env: { ...base, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` })
    })
  })
}

// test/support/global-setup-browser.ts, the path a machine without Chromium takes. The automatic
// install is switched off (it would find this machine's Chromium again), so the run must stop.
describe('no Chromium', () => {
  it('stops the run before any test or build, with one line naming the command that installs it', async () => {
    // (No fixture builds: with the browser check broken, the child runs on to the test's own failure.)
    const { code, output } = await vitestRun({ CHROMIUM_PATH: '/nonexistent/chromium', NUXT_AMPLIFY_BROWSER_INSTALL: '0', NUXT_AMPLIFY_TEST_FIXTURES: 'none' })
    expect(code).not.toBe(0)
    const lines = output.split('\n').filter(line => line.includes('need Chromium'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/none at CHROMIUM_PATH=\/nonexistent\/chromium\. Install it with: (?:(?:sudo )?apt-get install -y chromium|npx playwright-core install chromium)$/)
    // Stopped before the emulator, the builds and the browser tests themselves.
    expect(output).not.toMatch(/\[build-fixtures\]|\[test stack\]|✓|×|Test Files/)
  }, 600_000)
})
