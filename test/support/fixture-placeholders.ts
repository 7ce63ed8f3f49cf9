// The stand-ins a cached fixture build carries instead of this run's services. The fixtures'
// nuxt.config files read the run's stack (stack-data.ts) and category services (categories-data.ts),
// whose ports and ids change every run; a build made from them could serve only that run. So a
// fixture is built from a copy of those files in which every run-specific value (each loopback
// origin, pool and client id, API key, identity pool id) is replaced by a fixed placeholder, and
// each server started from the build gets the real values back as NUXT_* runtime config
// (fixture-builds.ts). Same services, same placeholders: the build is reused run after run.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CATEGORIES_ENV } from './categories-data'
import { STACK_ENV } from './stack-data'

/** The run-data files a fixture config may read: the environment variable naming each, by the support file that reads it. */
export const RUN_DATA_ENV = { 'stack-data.ts': STACK_ENV, 'categories-data.ts': CATEGORIES_ENV } as const
export type RunDataEnv = typeof RUN_DATA_ENV[keyof typeof RUN_DATA_ENV]

const ORIGIN = /https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+/g
/** Fields that hold a generated id (in the stack data and in the categories data's own stack). */
const ID_FIELDS = ['userPoolId', 'clientId', 'shortClientId', 'identityPoolId', 'apiKey', 'bucket']
/** Fields no fixture config reads and that differ every run: left out of the placeholder copy. */
const DROPPED_FIELDS = ['users', 'cognitoDir', 'cognitoLogFile']

export interface RunValues {
  /** [real, placeholder] pairs, longest real value first (so no value replaces part of a longer one). */
  pairs: Array<[string, string]>
  /** The placeholder copies of the run-data files, by environment variable. */
  files: Partial<Record<RunDataEnv, string>>
}

function collectIds(value: unknown, into: Set<string>): void {
  if (!value || typeof value !== 'object') return
  for (const [key, child] of Object.entries(value)) {
    if (ID_FIELDS.includes(key) && typeof child === 'string' && child) into.add(child)
    else collectIds(child, into)
  }
}

function withoutDropped(key: string, value: unknown): unknown {
  return DROPPED_FIELDS.includes(key) ? undefined : value
}

/** A placeholder of the same shape: the prefix up to the id's last `_` or `:` is kept (`local_…`, `us-east-1:…`). */
function placeholderId(id: string, n: number): string {
  const prefix = /^(.*[_:])/.exec(id)?.[1] ?? ''
  return `${prefix}placeholder${String(n).padStart(3, '0')}`
}

export function replaceAll(text: string, pairs: Array<[string, string]>): string {
  return pairs.reduce((result, [from, to]) => result.split(from).join(to), text)
}

/** This run's values in the run-data files `names` and their placeholder copies (written once, named by content). */
export function runValues(names: RunDataEnv[], env: NodeJS.ProcessEnv = process.env): RunValues {
  const texts: Partial<Record<RunDataEnv, string>> = {}
  for (const name of names) {
    const file = env[name]
    if (file && existsSync(file)) texts[name] = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), withoutDropped, 2)
  }
  const all = Object.values(texts).join('\n')
  const origins = [...new Set(all.match(ORIGIN) ?? [])]
  const ids = new Set<string>()
  for (const text of Object.values(texts)) collectIds(JSON.parse(text), ids)
  const pairs: Array<[string, string]> = [
    ...origins.map((origin, n): [string, string] => [origin, `http://placeholder-${String(n).padStart(3, '0')}.invalid`]),
    ...[...ids].map((id, n): [string, string] => [id, placeholderId(id, n)]),
  ].sort((a, b) => b[0].length - a[0].length)
  const files: Partial<Record<RunDataEnv, string>> = {}
  const dir = join(tmpdir(), 'nuxt-amplify-fixture-placeholders')
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of Object.entries(texts) as Array<[RunDataEnv, string]>) {
    const content = replaceAll(text, pairs)
    const file = join(dir, `${createHash('sha256').update(content).digest('hex').slice(0, 16)}.json`)
    if (!existsSync(file)) {
      // Whole or not at all: another worker may read it at the same moment.
      writeFileSync(`${file}.${process.pid}.tmp`, content)
      renameSync(`${file}.${process.pid}.tmp`, file)
    }
    files[name] = file
  }
  return { pairs, files }
}

/** The build's runtime config with this run's real values put back in place of the placeholders. */
export function withRealValues<T>(builtRuntimeConfig: T, pairs: Array<[string, string]>): T {
  const back = pairs.map(([real, placeholder]): [string, string] => [placeholder, real]).sort((a, b) => b[0].length - a[0].length)
  return JSON.parse(replaceAll(JSON.stringify(builtRuntimeConfig), back)) as T
}
