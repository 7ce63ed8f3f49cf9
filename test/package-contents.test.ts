// What `npm pack` would publish: the built module (dist/) and the three documents, nothing from the
// tests, fixtures, playground or sources. Reads npm's own file list (`npm pack --dry-run --json`);
// --ignore-scripts so listing does not rebuild dist/ under the other tests' feet: dist/ is the one
// `npm ci` (prepare) or `npm run prepack` built, and a stale one (a runtime file added or renamed in
// src/ since) fails here with the fix. Whether the types resolve (Nuxt 3 and 4 apps, bundler and
// node16 resolution) is `npm run lint:package`'s job (publint, attw).
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }))[0] as { files: { path: string, size: number }[] }
const files = packed.files.map(file => file.path).sort()

/** Every file under dir, relative to ROOT. */
function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => relative(ROOT, join(entry.parentPath, entry.name)))
}

describe('npm pack', () => {
  it('holds dist/ and README, LICENSE, CHANGELOG, package.json only', () => {
    const outside = files.filter(path => !path.startsWith('dist/'))
    expect(outside).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'])
    expect(files.filter(path => /(?:^|\/)(?:test|tests|fixtures|playground|\.nuxt|\.output|node_modules)\//.test(path) || /\.test\.|\.spec\./.test(path))).toEqual([])
  })

  it('holds every file package.json points at (exports, main, types)', () => {
    const targets = [pkg.main, ...Object.values(pkg.exports['.'] as Record<string, string>), ...pkg.typesVersions['*']['.']]
    for (const target of targets) expect(files, target).toContain(target.replace(/^\.\//, ''))
  })

  it('holds each runtime source file built, with its types (dist/ is not stale)', () => {
    const sources = walk('src/runtime').filter(path => /\.ts$/.test(path) && !path.endsWith('.d.ts'))
    expect(sources.length).toBeGreaterThan(10)
    const missing = sources.flatMap((source) => {
      const base = source.replace(/^src\//, 'dist/').replace(/\.ts$/, '')
      return [`${base}.js`, `${base}.d.ts`].filter(built => !files.includes(built))
    })
    expect(missing, 'dist/ is older than src/: run `npm run prepack`').toEqual([])
  })

  it('has no empty declaration file (mkdist writes an empty .d.ts when a declaration fails, e.g. TS2742; a types-only .js is empty by right)', () => {
    expect(packed.files.filter(file => /^dist\/.*\.d\.m?ts$/.test(file.path) && file.size === 0).map(file => file.path)).toEqual([])
  })
})
