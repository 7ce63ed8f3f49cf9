import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'

/** Fixture apps under test/fixtures, built once per run by build-fixtures.ts and shared by every test file. */
export const FIXTURES = ['basic', 'pages', 'categories'] as const
export type FixtureName = typeof FIXTURES[number]

export function fixtureDir(name: FixtureName): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))
}

/** Where the shared production build of a fixture goes; test files start servers from it with `build: false`. */
export function fixtureBuildDir(name: FixtureName): string {
  // Per run: the build bakes in this run's user pool, and parallel runs must not overwrite each other.
  return resolve(fixtureDir(name), '.nuxt', `run-${process.env.NUXT_AMPLIFY_TEST_RUN ?? 'local'}`)
}

/** The sealing secret of the fixture servers' auth routes (NUXT_AMPLIFY_SESSION_PASSWORD, 32+ characters). */
export const TEST_SESSION_PASSWORD = 'test-only-session-password-0123456789abcdef'

/** The `@nuxt/test-utils` setup options that start a server from the shared build (no rebuild per file). */
export function fixtureSetup(name: FixtureName, env: Record<string, string> = {}) {
  const buildDir = fixtureBuildDir(name)
  return {
    rootDir: fixtureDir(name),
    buildDir,
    build: false,
    server: true,
    env: { NUXT_AMPLIFY_SESSION_PASSWORD: TEST_SESSION_PASSWORD, ...env },
    nuxtConfig: { buildDir, nitro: { output: { dir: resolve(buildDir, 'output') } } },
  }
}
