import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { type BenchFixture, benchOutputDir } from './build'

export interface ServerBundle {
  /** Every file of .output/server except source maps: what a deployment uploads and a cold start may read. */
  files: number
  bytes: number
  /** Sum of each file gzipped (level 9): roughly the size of the zipped function. */
  gzip: number
  /** The part of it under .output/server/node_modules (traced dependencies, aws-amplify among them). */
  nodeModulesBytes: number
}

/** The aws-lambda server bundle of a bench app: .output-aws-lambda/server, sizes summed. */
export function measureServerBundle(name: BenchFixture): ServerBundle {
  const dir = resolve(benchOutputDir(name, 'aws-lambda'), 'server')
  const result: ServerBundle = { files: 0, bytes: 0, gzip: 0, nodeModulesBytes: 0 }
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.map')) continue
    const path = join(entry.parentPath, entry.name)
    const source = readFileSync(path)
    result.files++
    result.bytes += source.length
    result.gzip += gzipSync(source, { level: 9 }).length
    if (relative(dir, path).startsWith(`node_modules${sep}`)) result.nodeModulesBytes += source.length
  }
  return result
}
