// A new Nuxt app outside the repository, laid out as `nuxi init` lays out a Nuxt 3 or Nuxt 4 app,
// with the README's examples as its files, type-checked by `nuxi typecheck` (test/readme-typecheck.test.ts).
// Nothing is installed: the app's node_modules links to an existing install of its Nuxt (the root's
// Nuxt 3, or the Nuxt 4 compat workspace), and the module source is copied into the app so that it
// resolves Nuxt, @nuxt/kit and aws-amplify from the app's own node_modules, as an installed module does.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ReadmeExample } from './readme-examples'
import { nodeProcess, type CompatNode } from './compat'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const ROOT_MODULES = resolve(REPO, 'node_modules')

export type NuxtMajor = 3 | 4

/** Where each app gets its packages: Nuxt 3.21 from the root, Nuxt 4.3.1 from test/compat/nuxt4. */
const NODE_MODULES: Record<NuxtMajor, string> = {
  3: ROOT_MODULES,
  4: resolve(REPO, 'test/compat/nuxt4/node_modules'),
}

// What the starters (`npm create nuxt@3` / `@4`) write: Nuxt 3 has one root tsconfig (which includes
// server/) plus server/tsconfig.json; Nuxt 4 has project references, one per side.
const TSCONFIGS: Record<NuxtMajor, Record<string, unknown>> = {
  3: {
    'tsconfig.json': { extends: './.nuxt/tsconfig.json' },
    'server/tsconfig.json': { extends: '../.nuxt/tsconfig.server.json' },
  },
  4: {
    'tsconfig.json': {
      files: [],
      references: ['app', 'server', 'shared', 'node'].map(side => ({ path: `./.nuxt/tsconfig.${side}.json` })),
    },
  },
}

// The Gen2 backend's `amplify/data/resource.ts`, which the Data examples import their Schema from.
const DATA_RESOURCE = `import { a, type ClientSchema } from '@aws-amplify/data-schema'

const schema = a.schema({
  Todo: a.model({ content: a.string() }).authorization(allow => [allow.authenticated(), allow.publicApiKey()]),
})

export type Schema = ClientSchema<typeof schema>
`

const NUXT_CONFIG = `export default defineNuxtConfig({
  modules: ['./.module/src/module'],
  compatibilityDate: '2025-01-01',
  nitro: { experimental: { tasks: true } },
  amplify: { config: { Auth: { Cognito: { userPoolId: 'us-east-1_readme', userPoolClientId: 'readme' } } } },
})
`

function write(file: string, contents: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, contents)
}

/** node_modules of the app: a link per package of its Nuxt install, plus the root's type checker. */
function linkNodeModules(app: string, major: NuxtMajor, source = NODE_MODULES[major]): void {
  const target = join(app, 'node_modules')
  mkdirSync(target)
  if (!existsSync(join(source, 'nuxt'))) throw new Error(`Nuxt ${major} is not installed in ${source} (node test/compat/install.mjs installs the workspaces)`)
  for (const name of readdirSync(source)) symlinkSync(join(source, name), join(target, name))
  for (const name of ['typescript', 'vue-tsc']) {
    if (!existsSync(join(target, name))) symlinkSync(join(ROOT_MODULES, name), join(target, name))
  }
}

/**
 * Writes a new Nuxt `major` app under the OS temp directory with `examples` as its files. Returns its
 * directory. `nodeModules`: another install of that major (test/compat/nuxt46 for Nuxt 4.6).
 * `packed`: that install has the packed module (test/support/packed-module.ts): use it, not a copy of src/.
 */
export function createTypecheckApp(major: NuxtMajor, examples: ReadmeExample[], nodeModules?: string, options: { packed?: boolean } = {}): string {
  const app = mkdtempSync(join(tmpdir(), `nuxt-amplify-readme-nuxt${major}-`))
  const srcDir = major === 4 ? join(app, 'app') : app
  write(join(app, 'package.json'), JSON.stringify({ name: `readme-nuxt${major}`, private: true, type: 'module' }, null, 2))
  write(join(app, 'nuxt.config.ts'), options.packed ? NUXT_CONFIG.replace(`'./.module/src/module'`, `'nuxt-amplify'`) : NUXT_CONFIG)
  for (const [file, config] of Object.entries(TSCONFIGS[major])) write(join(app, file), JSON.stringify(config, null, 2))
  write(join(srcDir, 'app.vue'), '<template>\n  <NuxtPage />\n</template>\n')
  write(join(app, 'amplify/data/resource.ts'), DATA_RESOURCE)
  for (const example of examples) {
    if (example.kind === 'config') {
      // Nuxt 3's root tsconfig covers every file of the app, with `defineNuxtConfig` and the module's
      // options typed (`amplify` in .nuxt/types/schema.d.ts). Nuxt 4's per-side projects cover only the
      // real nuxt.config.ts (and auto-registered dirs), so config examples are checked in the Nuxt 3 app.
      if (major === 3) write(join(app, 'config-examples', example.path), example.code)
      continue
    }
    write(example.kind === 'server' ? join(app, 'server', example.path) : join(srcDir, 'pages', example.path), example.code)
  }
  if (!options.packed) cpSync(resolve(REPO, 'src'), join(app, '.module/src'), { recursive: true })
  linkNodeModules(app, major, nodeModules)
  return app
}

/** `nuxi typecheck` in `app` (prepare, then vue-tsc) on `node` (default: this one): its exit code and everything it printed. */
export function nuxiTypecheck(app: string, node?: CompatNode): Promise<{ code: number, output: string }> {
  const bin = join(app, 'node_modules/@nuxt/cli/bin/nuxi.mjs')
  const run = nodeProcess(node, { ...process.env, NO_COLOR: '1' })
  return new Promise((done) => {
    execFile(run.execPath, [bin, 'typecheck'], { cwd: app, env: run.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` })
    })
  })
}
