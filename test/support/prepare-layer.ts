import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Generates `<layer>/.nuxt/` (`nuxi prepare`) when it is missing. A fixture that extends a local app
 * as a layer (the pages fixture extends playground/) has that app's files transformed by Vite, which
 * reads the nearest tsconfig.json: the layer's own, which extends its generated `.nuxt/tsconfig.json`
 * as a Nuxt starter's does. On a fresh clone nothing has generated it yet, and the build fails with
 * `[TSCONFIG_ERROR] Failed to load tsconfig '<layer>/.nuxt/tsconfig.json'`.
 */
export async function prepareLayer(layer: string): Promise<void> {
  if (existsSync(resolve(layer, '.nuxt/tsconfig.json'))) return
  const nuxi = resolve(REPO, 'node_modules/@nuxt/cli/bin/nuxi.mjs')
  // The playground's config needs no emulator for this (NUXT_AMPLIFY_TYPECHECK: an inline config of the right shape).
  await promisify(execFile)(process.execPath, [nuxi, 'prepare', layer, '--logLevel', 'silent'], { env: { ...process.env, NUXT_AMPLIFY_TYPECHECK: '1' } })
}
