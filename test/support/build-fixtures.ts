import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { buildNuxtApp } from './build-nuxt'
import { FIXTURES, fixtureBuildDir, fixtureDir } from './fixtures'
import { prepareLayer } from './prepare-layer'

// Vitest global setup, after the emulator is up (the fixtures read its pool and client ids at build
// time): builds each fixture for production once, so test files only start servers.
export default async function buildFixtures() {
  process.env.NUXT_AMPLIFY_TEST_RUN = String(process.pid)
  // NUXT_AMPLIFY_TEST_FIXTURES=basic,categories builds only those (when running a few test files).
  const only = process.env.NUXT_AMPLIFY_TEST_FIXTURES?.split(',').map(name => name.trim()).filter(Boolean)
  for (const name of FIXTURES.filter(name => !only?.length || only.includes(name))) {
    const started = Date.now()
    const buildDir = fixtureBuildDir(name)
    // The pages fixture extends the playground (test/fixtures/pages/nuxt.config.ts).
    if (name === 'pages') await prepareLayer(resolve(fixtureDir(name), '../../../playground'))
    await buildNuxtApp(fixtureDir(name), { buildDir, nitro: { logLevel: 1, output: { dir: resolve(buildDir, 'output') } } })
    console.info(`[build-fixtures] ${name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  // The builds are specific to this run's emulator: remove them afterwards.
  return async () => {
    for (const name of FIXTURES) await rm(fixtureBuildDir(name), { recursive: true, force: true })
  }
}
