// The module as users get it: `npm pack` of the repository (dist/ as `npm ci`'s prepare script
// builds it), installed from the tarball into a copy of a compatibility workspace's app outside the
// repository, so it sits in node_modules/nuxt-amplify with its dependencies resolved by npm, and
// nothing resolves from the repository's own node_modules. Apps are cached by the tarball's content
// (and the workspace's install): an unchanged module is not installed again.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { COMPAT_DIR, nodeProcess, type CompatNode } from './compat'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)
/** Where tarballs and apps live: shared by runs (and worktrees) of this user, outside any repository. */
export const PACKED_DIR = process.env.NUXT_AMPLIFY_COMPAT_APPS ?? join(tmpdir(), `nuxt-amplify-compat-${process.getuid?.() ?? 'user'}`)
/** The workspace's own dependencies that the copied module source needed; a packed module brings them itself. */
const MODULE_DEPENDENCIES = Object.keys(JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8')).dependencies)
const STALE_MS = 24 * 3600 * 1000
/** What of a workspace is not its app: the install, the module copy, build output. */
const NOT_APP_FILES = new Set(['node_modules', 'package.json', 'package-lock.json', '.module', '.nuxt', '.output', '.gitignore'])

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** Runs `task` holding a lock directory (other processes wait for it; a lock older than 20 min is stale). */
async function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const lock = join(PACKED_DIR, '.locks', name)
  mkdirSync(join(PACKED_DIR, '.locks'), { recursive: true })
  for (;;) {
    try {
      mkdirSync(lock)
      break
    }
    catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 20 * 60_000) rmSync(lock, { recursive: true, force: true })
      await new Promise(done => setTimeout(done, 500))
    }
  }
  try {
    return await task()
  }
  finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

/** Builds dist/ (nuxt-module-build) when it is missing or older than src/, once per worktree at a time. */
async function ensureDist(): Promise<void> {
  await withLock(`dist-${sha256(REPO).slice(0, 12)}`, async () => {
    const built = statSync(resolve(REPO, 'dist/module.mjs'), { throwIfNoEntry: false })?.mtimeMs ?? 0
    if (built > newestMtime(resolve(REPO, 'src'))) return
    console.info('[compat] dist/ is missing or older than src/: nuxt-module-build build')
    await run('npx', ['nuxt-module-build', 'build'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 })
  })
}

let packed: Promise<{ tarball: string, hash: string }> | undefined

/** `npm pack` of the repository (once per process): the tarball, under a directory named by its content hash. */
export function packModule(): Promise<{ tarball: string, hash: string }> {
  packed ??= (async () => {
    await ensureDist()
    const out = join(PACKED_DIR, 'packs', `pack-${process.pid}-${Date.now()}`)
    mkdirSync(out, { recursive: true })
    // --ignore-scripts: prepare (nuxi prepare + build) already ran, or ensureDist did its part.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 })
    const file = join(out, JSON.parse(stdout)[0].filename as string)
    const hash = sha256(readFileSync(file)).slice(0, 16)
    const dir = join(PACKED_DIR, 'packs', hash)
    if (!existsSync(dir)) cpSync(out, dir, { recursive: true })
    rmSync(out, { recursive: true, force: true })
    return { tarball: join(dir, JSON.parse(stdout)[0].filename as string), hash }
  })()
  return packed
}

/** Removes this workspace's apps of other tarballs not used for a day (they are hard links, but inodes add up). */
function pruneStaleApps(prefix: string, keep: string): void {
  for (const name of readdirSync(PACKED_DIR)) {
    const dir = join(PACKED_DIR, name)
    if (name.startsWith(prefix) && dir !== keep && Date.now() - statSync(dir).mtimeMs > STALE_MS) rmSync(dir, { recursive: true, force: true })
  }
}

/** The workspaces whose app the cells build with the packed module (test/support/compat-node-cell.ts). */
export type PackedWorkspace = 'nuxt46' | 'nuxt4' | 'nuxt3'

/**
 * A copy of compatibility workspace `workspace`'s app outside the repository, with the packed module
 * installed from its tarball by `node`'s npm (default: the npm of the Node running the tests), as `modules: ['nuxt-amplify']`. Nuxt and the rest come
 * from the workspace's install (hard-linked, as its lockfile pinned them); the module's own
 * dependencies are left to npm. Returns the app's directory.
 */
export async function packedApp(workspace: PackedWorkspace, node?: CompatNode): Promise<string> {
  const { tarball, hash } = await packModule()
  const source = resolve(COMPAT_DIR, workspace)
  const installStamp = readFileSync(join(source, 'node_modules/.compat-install-stamp'), 'utf8')
  const nodeName = node ?? `host${process.versions.node.split('.')[0]}`
  const key = sha256(`${hash}\n${installStamp}\n${nodeName}`).slice(0, 16)
  const app = join(PACKED_DIR, `${workspace}-${nodeName}-${key}`)
  await withLock(`app-${workspace}-${nodeName}-${key}`, async () => {
    const stamp = join(app, 'node_modules/.packed-stamp')
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== key) {
      const started = Date.now()
      rmSync(app, { recursive: true, force: true })
      mkdirSync(app, { recursive: true })
      await run('cp', ['-al', join(source, 'node_modules'), join(app, 'node_modules')])
      const workspaceDependencies: Record<string, string> = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).dependencies
      const dependencies = Object.fromEntries(Object.entries(workspaceDependencies).filter(([name]) => !MODULE_DEPENDENCIES.includes(name)))
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: `packed-${workspace}`, private: true, type: 'module', dependencies }, null, 2))
      cpSync(join(source, 'package-lock.json'), join(app, 'package-lock.json'))
      const npm = nodeProcess(node)
      await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, env: npm.env, maxBuffer: 64 * 1024 * 1024 })
      writeFileSync(stamp, key)
      console.info(`[compat] packed module ${hash} installed into ${app} by the ${nodeName} npm in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    }
    // The app's own files (amplify_outputs.json too), fresh each run (cheap); the module from node_modules, not a copy.
    for (const name of readdirSync(source).filter(name => !NOT_APP_FILES.has(name))) cpSync(join(source, name), join(app, name), { recursive: true })
    const config = readFileSync(join(source, 'nuxt.config.ts'), 'utf8')
    if (!config.includes(`'./.module/src/module'`)) throw new Error(`${workspace}/nuxt.config.ts no longer names './.module/src/module'`)
    writeFileSync(join(app, 'nuxt.config.ts'), config.replace(`'./.module/src/module'`, `'nuxt-amplify'`))
    // The Nuxt 3 starter's tsconfig.json extends .nuxt/tsconfig.json, which Vite reads while building
    // a page; the cells build into .nuxt/run-*, so it would be missing. `nuxi prepare` writes it, as
    // the starter's postinstall does for a user.
    const tsconfig = join(app, 'tsconfig.json')
    if (existsSync(tsconfig) && readFileSync(tsconfig, 'utf8').includes('.nuxt/tsconfig.json') && !existsSync(join(app, '.nuxt/tsconfig.json'))) {
      await run('npx', ['nuxi', 'prepare'], { cwd: app, env: nodeProcess(node).env, maxBuffer: 64 * 1024 * 1024 })
    }
    utimesSync(app, new Date(), new Date()) // in use: not stale for pruneStaleApps
  })
  pruneStaleApps(`${workspace}-${nodeName}-`, app)
  return app
}
