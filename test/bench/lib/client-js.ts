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

/**
 * The client JavaScript a browser downloads to show the page: the scripts and module preloads the
 * server-rendered HTML names (entry, its static imports, the page's chunk), gzip-summed. Lazy chunks
 * a page never loads (e.g. a named middleware the page does not use) are not in it; `measureClientJs`
 * counts those too.
 */
export async function measurePageJs(name: BenchFixture, url: string, cookie: string): Promise<ClientJs> {
  const html = await (await fetch(new URL('/', url), { headers: { cookie } })).text()
  const files = new Set<string>()
  for (const match of html.matchAll(/<(?:script|link)\s[^>]*?(?:src|href)="([^"]+\.js)"[^>]*>/g)) {
    const tag = match[0]
    if (tag.startsWith('<link') && !/rel="modulepreload"/.test(tag)) continue
    files.add(match[1]!.replace(/^.*\/_nuxt\//, ''))
  }
  const result: ClientJs = { files: 0, bytes: 0, gzip: 0 }
  for (const file of files) {
    const source = readFileSync(resolve(benchOutputDir(name), 'public/_nuxt', file))
    result.files++
    result.bytes += source.length
    result.gzip += gzipSync(source, { level: 9 }).length
  }
  return result
}
