import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { beforeAll } from 'vitest'
import { BUILD_TIMEOUT, fixtureCacheDir, fixtureRuntimeEnv } from './fixture-builds'

/** Fixture apps under test/fixtures, built on demand and cached by content (fixture-builds.ts). */
export const FIXTURES = ['basic', 'pages', 'categories'] as const
export type FixtureName = typeof FIXTURES[number]

export function fixtureDir(name: FixtureName): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))
}

/**
 * Where the production build of a fixture for its current content is (built or not yet: call
 * fixtureSetup, startBasicServer or ensureFixtureBuild first). Its runtime config holds placeholders
 * for the run's services: start servers with fixtureRuntimeEnv(name) in their environment.
 */
export function fixtureBuildDir(name: FixtureName): string {
  return fixtureCacheDir(fixtureDir(name))
}

/** The sealing secret of the fixture servers' auth routes (NUXT_AMPLIFY_SESSION_PASSWORD, 32+ characters). */
export const TEST_SESSION_PASSWORD = 'test-only-session-password-0123456789abcdef'

/**
 * A server's environment, filled in by a hook before the server starts. Not a plain object on
 * purpose: @nuxt/test-utils copies plain objects out of the options (defu) when `setup()` is called,
 * but keeps a reference to anything else, so what the hook adds reaches the server it starts.
 */
class ServerEnv {
  [name: string]: string
}

/**
 * The `@nuxt/test-utils` setup options that start a server from the fixture's cached build (built
 * first, by a hook registered here, if this content was never built). `env` wins over the run's values.
 */
export function fixtureSetup(name: FixtureName, env: Record<string, string> = {}) {
  const buildDir = fixtureBuildDir(name)
  const serverEnv: Record<string, string> = Object.assign(new ServerEnv(), { NUXT_AMPLIFY_SESSION_PASSWORD: TEST_SESSION_PASSWORD, ...env })
  beforeAll(async () => {
    for (const [key, value] of Object.entries(await fixtureRuntimeEnv(fixtureDir(name)))) serverEnv[key] ??= value
  }, BUILD_TIMEOUT)
  return {
    rootDir: fixtureDir(name),
    buildDir,
    build: false,
    server: true,
    env: serverEnv,
    nuxtConfig: { buildDir, nitro: { output: { dir: resolve(buildDir, 'output') } } },
  }
}
