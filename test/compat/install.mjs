#!/usr/bin/env node
// Installs the compatibility workspaces (test/compat/<name>/), each with its own Nuxt and aws-amplify,
// from its committed package-lock.json. `npm ci` only when the lockfile changed since the last
// install (a hash stamp in node_modules), so repeated runs cost nothing.
// Usage: node test/compat/install.mjs [name ...]   (default: every workspace)
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const WORKSPACES = readdirSync(here, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && existsSync(join(here, entry.name, 'package-lock.json')))
  .map(entry => entry.name)

/** Runs `npm ci` in test/compat/<name> unless its node_modules already match the lockfile. Returns seconds spent. */
export async function installWorkspace(name) {
  const dir = join(here, name)
  const lock = readFileSync(join(dir, 'package-lock.json'))
  const hash = createHash('sha256').update(lock).update(readFileSync(join(dir, 'package.json'))).digest('hex')
  const stamp = join(dir, 'node_modules', '.compat-install-stamp')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return 0
  const started = Date.now()
  await promisify(execFile)('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error'], { maxBuffer: 64 * 1024 * 1024 })
  writeFileSync(stamp, hash)
  return (Date.now() - started) / 1000
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : WORKSPACES
  // In parallel: the installs mostly wait for the registry.
  await Promise.all(names.map(async (name) => {
    const seconds = await installWorkspace(name)
    console.info(`[compat] ${name}: ${seconds ? `installed in ${seconds.toFixed(1)} s` : 'up to date'}`)
  }))
}
