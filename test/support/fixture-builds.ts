// Fixture apps (test/fixtures/<name>) built on demand, by the first test file that asks for one, and
// cached by content: test/fixtures/<name>/.nuxt/cache-<key>/, where the key hashes the module's src/,
// the fixture (and the playground the pages fixture extends), the support files its nuxt.config
// imports, package-lock.json, the Node version, the build-relevant environment and the placeholder
// copies of the run's data (fixture-placeholders.ts). An unchanged fixture is not built again, in this
// run or the next. A lock file next to the cache entry makes the two workers (or two runs) build it
// once: the other waits for it.
import { createHash } from 'node:crypto'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as delay } from 'node:timers/promises'
import { RUN_DATA_ENV, type RunDataEnv, runValues, withRealValues } from './fixture-placeholders'
import { runtimeConfigEnv } from './runtime-config-env'
import { prepareLayer } from './prepare-layer'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const BUILD_APP = fileURLToPath(new URL('./build-app.mjs', import.meta.url))
const PLAYGROUND = resolve(REPO, 'playground')
/** Generated or installed content, not sources. */
const SKIP = new Set(['.nuxt', '.output', '.data', 'node_modules', 'dist', '.cache'])
/** Environment that reaches a fixture's build (the playground reads some at config time); not the run's own ids. */
const BUILD_ENV = /^(?:NITRO_|NUXT_|NODE_ENV$)/
const RUN_ENV = /^(?:NUXT_TEST_|NUXT_AMPLIFY_TEST_|NUXT_AMPLIFY_SESSION_PASSWORD$)/
/** Cache entries kept per fixture (the newest), so edits do not fill the disk. */
const KEEP = 2
/** For a hook that may build: a cold build on two loaded cores can take minutes. */
export const BUILD_TIMEOUT = 20 * 60_000

function filesUnder(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.categories') || entry.name.startsWith('.stack')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) filesUnder(path, into)
    else if (entry.isFile()) into.push(path)
  }
  return into
}

/** The relative imports of a fixture's nuxt.config.ts (the support files it reads the run's data with). */
function configImports(fixture: string): string[] {
  const config = readFileSync(join(fixture, 'nuxt.config.ts'), 'utf8')
  return [...config.matchAll(/from '(\.{1,2}\/[^']+)'/g)]
    .map(([, spec]) => resolve(fixture, spec!))
    .map(path => [path, `${path}.ts`, `${path}.mjs`].find(file => existsSync(file) && statSync(file).isFile()))
    .filter((file): file is string => !!file)
}

/** The run-data files (stack, category services) a fixture's config reads, by their environment variables. */
function runDataOf(fixture: string): RunDataEnv[] {
  return configImports(fixture).map(file => RUN_DATA_ENV[basename(file) as keyof typeof RUN_DATA_ENV]).filter(Boolean)
}

const extendsPlayground = (fixture: string) => readFileSync(join(fixture, 'nuxt.config.ts'), 'utf8').includes('../../../playground')

/** Where the build of `fixture` for the current content lives. */
export function fixtureCacheDir(fixture: string): string {
  const hash = createHash('sha256').update('fixture-builds v1\n')
  const files = [
    ...[resolve(REPO, 'src'), fixture, ...extendsPlayground(fixture) ? [PLAYGROUND] : []].flatMap(dir => filesUnder(dir)),
    ...configImports(fixture), BUILD_APP, resolve(REPO, 'package-lock.json'),
  ]
  for (const file of files) hash.update(`${relative(REPO, file)}\n`).update(readFileSync(file)).update('\n')
  const env = Object.entries(process.env).filter(([name]) => BUILD_ENV.test(name) && !RUN_ENV.test(name)).sort()
  hash.update(JSON.stringify({ node: process.version, env }))
  for (const file of Object.values(runValues(runDataOf(fixture)).files)) hash.update(readFileSync(file!))
  return join(fixture, '.nuxt', `cache-${hash.digest('hex').slice(0, 16)}`)
}

const isComplete = (dir: string) => existsSync(join(dir, '.complete'))

function holderGone(lock: string): boolean {
  let pid: number
  try {
    pid = Number(readFileSync(lock, 'utf8'))
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true // released meanwhile
    throw error
  }
  if (!pid) return false // being written
  try {
    process.kill(pid, 0)
    return false
  }
  catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Builds `fixture` into its cache entry unless it is there; concurrent callers wait for one build. */
export async function ensureFixtureBuild(fixture: string): Promise<string> {
  const dir = fixtureCacheDir(fixture)
  const lock = `${dir}.lock`
  mkdirSync(dirname(dir), { recursive: true })
  while (!isComplete(dir)) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' })
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (holderGone(lock)) rmSync(lock, { force: true })
      else await delay(500) // another worker (or run) is building it
      continue
    }
    try {
      if (!isComplete(dir)) await build(fixture, dir)
    }
    finally {
      rmSync(lock, { force: true })
    }
    prune(fixture, dir)
  }
  return dir
}

async function build(fixture: string, dir: string): Promise<void> {
  const started = Date.now()
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  // The pages fixture extends the playground, whose tsconfig needs its generated .nuxt (prepare-layer.ts).
  if (extendsPlayground(fixture)) await prepareLayer(PLAYGROUND)
  // Only the placeholder copies of what the config reads; no real run data reaches the build.
  const runData: string[] = Object.values(RUN_DATA_ENV)
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !runData.includes(name)))
  Object.assign(env, { NODE_ENV: 'production' }, runValues(runDataOf(fixture)).files)
  const child = spawn(process.execPath, [BUILD_APP, fixture, dir, join(dir, 'output')], { cwd: fixture, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (chunk: Buffer) => log += chunk)
  child.stderr.on('data', (chunk: Buffer) => log += chunk)
  const code = await new Promise<number | null>(done => child.on('close', done))
  if (code !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`[fixture-builds] ${relative(REPO, fixture)} failed to build (exit code ${code}):\n${log}`)
  }
  const seconds = (Date.now() - started) / 1000
  writeFileSync(join(dir, '.complete'), JSON.stringify({ seconds }))
  console.info(`[fixture-builds] ${relative(REPO, fixture)} built in ${seconds.toFixed(1)} s (cached in ${relative(REPO, dir)})`)
}

/** Removes all but the newest KEEP complete entries of a fixture (never one being built). */
function prune(fixture: string, current: string): void {
  const parent = dirname(current)
  const entries = readdirSync(parent).filter(name => /^cache-[0-9a-f]+$/.test(name)).map(name => join(parent, name))
    .filter(dir => dir !== current && isComplete(dir) && !existsSync(`${dir}.lock`))
    .sort((a, b) => statSync(join(b, '.complete')).mtimeMs - statSync(join(a, '.complete')).mtimeMs)
  for (const dir of entries.slice(KEEP - 1)) rmSync(dir, { recursive: true, force: true })
}

/**
 * The NUXT_* variables that give a server of the cached build this run's services: its runtime
 * config as built (with placeholders, from build-app.json), with the real values put back.
 */
export async function fixtureRuntimeEnv(fixture: string): Promise<Record<string, string>> {
  const dir = await ensureFixtureBuild(fixture)
  const built = JSON.parse(readFileSync(join(dir, 'build-app.json'), 'utf8')).runtimeConfig as Record<string, unknown>
  return runtimeConfigEnv(built, withRealValues(built, runValues(runDataOf(fixture)).pairs))
}
