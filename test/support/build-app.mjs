#!/usr/bin/env node
// Builds one Nuxt app for production with the Nuxt installed next to it (its own node_modules), in a
// child process of the tests, so a Nuxt 4 workspace is built by Nuxt 4 and not by the root's Nuxt 3.
// Usage: node build-app.mjs <rootDir> <buildDir> <outputDir> [nitroPreset] [nitroOptionsJson]
// (nitroOptionsJson: more Nitro options for that preset, e.g. `{"cloudflare":{"nodeCompat":true}}`)
// Progress goes to stdout/stderr as Nuxt prints it (warnings included), which the caller checks, with
// one probe warning that shows warnings do get there; the versions that built the app and its
// runtime config go to <buildDir>/build-app.json (Nuxt's logger may swallow stdout).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [rootDir, buildDir, outputDir, preset, nitroOptions] = process.argv.slice(2)
const LOG_PROBE = '[build-app] log probe: warnings of @nuxt/kit reach this log'
if (!rootDir || !buildDir || !outputDir) throw new Error('usage: build-app.mjs <rootDir> <buildDir> <outputDir> [preset]')

/** The package.json of `name` as Node would find it from `dir` (walking up node_modules). */
function packageFrom(dir, name) {
  for (let current = dir; ; current = dirname(current)) {
    const file = join(current, 'node_modules', name, 'package.json')
    if (existsSync(file)) return { file, pkg: JSON.parse(readFileSync(file, 'utf8')) }
    if (dirname(current) === current) throw new Error(`${name} is not installed for ${dir}`)
  }
}

/** The ESM entry of `name`, resolved from `dir`. */
function importFrom(dir, name) {
  const { file, pkg } = packageFrom(dir, name)
  const root = pkg.exports?.['.'] ?? pkg.exports
  const entry = (typeof root === 'string' ? root : root?.import?.default ?? root?.import ?? root?.default) ?? pkg.module ?? pkg.main
  return import(pathToFileURL(join(dirname(file), entry)).href)
}

const started = Date.now()
const { loadNuxt, buildNuxt, logger } = await importFrom(rootDir, '@nuxt/kit')
const nuxt = await loadNuxt({
  cwd: rootDir,
  dev: false,
  overrides: {
    buildDir,
    logLevel: 'info',
    nitro: { ...(preset && { preset }), ...(nitroOptions && JSON.parse(nitroOptions)), output: { dir: outputDir, ...(nitroOptions && JSON.parse(nitroOptions).output) } },
  },
})
// A warning through the logger @nuxt/kit reports module incompatibilities with ("Module `x` is
// disabled due to incompatibility issues"), once Nuxt has set its log level: the caller checks that
// it reached the captured output, so "no such warning in the log" is not read from a silent log.
logger.warn(LOG_PROBE)
try {
  await buildNuxt(nuxt)
}
finally {
  await nuxt.close()
}
const modules = (nuxt.options._installedModules ?? []).map(installed => installed.meta?.name).filter(Boolean)
// runtimeConfig as built: fixture-builds.ts derives a server's NUXT_* variables from it.
writeFileSync(join(buildDir, 'build-app.json'), JSON.stringify({ modules, nuxt: packageFrom(rootDir, 'nuxt').pkg.version, kit: packageFrom(rootDir, '@nuxt/kit').pkg.version, preset: preset ?? null, seconds: (Date.now() - started) / 1000, runtimeConfig: nuxt.options.runtimeConfig }))
