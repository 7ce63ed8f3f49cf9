// The code examples of README.md and of every page under docs/, read from the Markdown itself so that
// the type check in test/readme-typecheck.test.ts follows the docs as they change. Every `ts` and `vue`
// block is classified; a block that fits no rule is reported, so a new example cannot be silently skipped.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ReadmeExample {
  /** The Markdown file it comes from, relative to the repository (`README.md`, `docs/server-routes.md`). */
  source: string
  /** Line of the opening fence in that file (1-based), for error messages. */
  line: number
  /**
   * Where the example goes in a Nuxt app: a server file (`server/…`), a page (`pages/…`), or a
   * `nuxt.config.ts` example (kind config: a file of its own beside the app's real config, so that its
   * `amplify` options are checked against the module's types).
   */
  kind: 'server' | 'page' | 'config'
  /** Path relative to the app's server directory (kind server), pages directory (kind page) or config-examples/ (kind config). */
  path: string
  code: string
}

export interface ReadmeBlocks {
  /** The Markdown files read, relative to the repository. */
  sources: string[]
  examples: ReadmeExample[]
  /** Blocks deliberately not compiled, with the reason. */
  skipped: { source: string, line: number, reason: string }[]
  /** Blocks no rule covers: the test fails on these. */
  unclassified: { source: string, line: number, firstLine: string }[]
}

// Blocks that are not a file of their own. Matched on the block's first line.
const NOT_COMPILED: { firstLine: RegExp, reason: string }[] = [
  // A fragment of a sign-in form: `signIn`, `username` and `password` come from the surrounding page.
  { firstLine: /^const returnPath = useAmplifyReturnPath\(/, reason: 'sign-in form fragment' },
  // Needs Amplify UI, which the type-check apps do not install; the same code is playground/pages/authenticator.vue (npm run test:types).
  { firstLine: /^<!-- .*@aws-amplify\/ui-vue installed -->$/, reason: 'Amplify UI Authenticator page' },
  // The hand-written plugins of Amplify's Nuxt guide, shown as what docs/migrating.md replaces (not this module's API).
  { firstLine: /^\/\/ before: /, reason: 'the hand-written code a migration replaces' },
]

const REPO = fileURLToPath(new URL('../..', import.meta.url))
export const README = join(REPO, 'README.md')
export const DOCS = join(REPO, 'docs')

/** README.md, then every `.md` under docs/ (sub-folders too), in a stable order. */
export function markdownFiles(): string[] {
  const docs = (readdirSync(DOCS, { recursive: true }) as string[])
    .filter(name => name.endsWith('.md'))
    .sort()
    .map(name => join(DOCS, name))
  return [README, ...docs]
}

export function readmeBlocks(files = markdownFiles()): ReadmeBlocks {
  const result: ReadmeBlocks = { sources: [], examples: [], skipped: [], unclassified: [] }
  for (const file of files) collectBlocks(relative(REPO, file).split('\\').join('/'), readFileSync(file, 'utf8'), result)
  return result
}

function collectBlocks(source: string, markdown: string, result: ReadmeBlocks): void {
  result.sources.push(source)
  // `docs/server-routes.md` → `docs-server-routes`: with the line number, two examples of the same path stay apart.
  const prefix = source === 'README.md' ? 'readme' : source.replace(/\.md$/, '').replace(/[^\w-]+/g, '-')
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm
  for (const match of markdown.matchAll(fence)) {
    const [, lang, code] = match as unknown as [string, string, string]
    if (lang !== 'ts' && lang !== 'vue') continue
    const line = markdown.slice(0, match.index).split('\n').length
    const firstLine = code.split('\n', 1)[0]!.trim()
    const name = `${prefix}-${line}`
    const skip = NOT_COMPILED.find(rule => rule.firstLine.test(firstLine))
    const serverFile = /^\/\/ server\/(\S+\.ts)\b/.exec(firstLine)
    const configFile = /^\/\/ nuxt\.config\.ts\b/.test(firstLine)
    if (skip) result.skipped.push({ source, line, reason: skip.reason })
    // `// nuxt.config.ts`: a whole config (`export default defineNuxtConfig({ … })`); a fragment is unclassified.
    else if (lang === 'ts' && configFile && /^export default defineNuxtConfig\(/m.test(code)) result.examples.push({ source, line, kind: 'config', path: `${name}.ts`, code })
    // `// server/api/me.get.ts`: a server file; the file and line keep two examples of the same path apart.
    else if (lang === 'ts' && serverFile) result.examples.push({ source, line, kind: 'server', path: serverFile[1]!.replace(/([^/]+)$/, `${name}-$1`), code })
    else if (lang === 'vue' && code.includes('<script setup')) result.examples.push({ source, line, kind: 'page', path: `${name}.vue`, code })
    // A bare statement such as `definePageMeta({ … })` belongs in a page's <script setup>.
    else if (lang === 'ts' && !/^(?:import|export)\b/m.test(code)) result.examples.push({ source, line, kind: 'page', path: `${name}.vue`, code: `<script setup lang="ts">\n${code}</script>\n` })
    else result.unclassified.push({ source, line, firstLine })
  }
}
