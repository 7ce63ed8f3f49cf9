import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { type BenchFixture, benchOutputDir } from './build'

export interface ClientJs { files: number, bytes: number, gzip: number }

/**
 * All client JavaScript a fixture ships (`.output/public/_nuxt/**.js`), raw and gzip (level 9, what
 * a CDN would send). Both bench apps have the same single page, so the difference between them is
 * what the module adds over a hand-written `Amplify.configure(config, { ssr: true })` plugin.
 */
export function measureClientJs(name: BenchFixture): ClientJs {
  const dir = resolve(benchOutputDir(name), 'public/_nuxt')
  const result: ClientJs = { files: 0, bytes: 0, gzip: 0 }
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue
    const source = readFileSync(join(entry.parentPath, entry.name))
    result.files++
    result.bytes += source.length
    result.gzip += gzipSync(source, { level: 9 }).length
  }
  return result
}
