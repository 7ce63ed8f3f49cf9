import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type BenchFixture, benchOutputDir } from './build'

// A static `import … from '…'`, `import '…'` or `export … from '…'` statement of Rollup's output
// (dynamic `import('…')` is not one: what it loads waits until the code that calls it runs).
const STATIC_IMPORT = /(?:^|;)\s*(?:import|export)(?:[\w$*{},\s]*from)?\s*['"]([^'"]+)['"]/gm

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

/**
 * The packages an app's aws-lambda handler loads before its first request: the bare specifiers of
 * the static imports of server/index.mjs and of every chunk it statically imports, in turn (Node's
 * built-ins left out). Nitro loads route handlers lazily, so what a route imports comes later; what
 * a Nitro plugin imports is here, and every cold start pays for it even on routes that never use it.
 */
export function startupPackages(name: BenchFixture): string[] {
  const packages = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier!.startsWith('.')) visit(resolve(dirname(file), specifier!))
      else if (!specifier!.startsWith('node:')) packages.add(packageOf(specifier!))
    }
  }
  visit(resolve(benchOutputDir(name, 'aws-lambda'), 'server/index.mjs'))
  return [...packages].sort()
}
