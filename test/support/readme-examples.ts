// The code examples of README.md, read from the README itself so that the type check in
// test/readme-typecheck.test.ts follows the README as it changes. Every `ts` and `vue` block is
// classified; a block that fits no rule is reported, so a new example cannot be silently skipped.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface ReadmeExample {
  /** Line of the opening fence in README.md (1-based), for error messages. */
  line: number
  /** Where the example goes in a Nuxt app: a server file (`server/…`) or a page (`pages/…`). */
  kind: 'server' | 'page'
  /** Path relative to the app's server directory (kind server) or pages directory (kind page). */
  path: string
  code: string
}

export interface ReadmeBlocks {
  examples: ReadmeExample[]
  /** Blocks deliberately not compiled, with the reason. */
  skipped: { line: number, reason: string }[]
  /** Blocks no rule covers: the test fails on these. */
  unclassified: { line: number, firstLine: string }[]
}

// Blocks that are not a file of their own. Matched on the block's first line.
const NOT_COMPILED: { firstLine: RegExp, reason: string }[] = [
  // The test app has its own nuxt.config.ts (the module from source, an inline config).
  { firstLine: /^\/\/ nuxt\.config\.ts\b/, reason: 'nuxt.config.ts (module options)' },
  // A fragment of a sign-in form: `signIn`, `username` and `password` come from the surrounding page.
  { firstLine: /^const returnPath = useAmplifyReturnPath\(/, reason: 'sign-in form fragment' },
  // Needs Amplify UI, which the type-check apps do not install; the same code is playground/pages/authenticator.vue (npm run test:types).
  { firstLine: /^<!-- .*@aws-amplify\/ui-vue installed -->$/, reason: 'Amplify UI Authenticator page' },
]

export const README = fileURLToPath(new URL('../../README.md', import.meta.url))

export function readmeBlocks(markdown = readFileSync(README, 'utf8')): ReadmeBlocks {
  const result: ReadmeBlocks = { examples: [], skipped: [], unclassified: [] }
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm
  for (const match of markdown.matchAll(fence)) {
    const [, lang, code] = match as unknown as [string, string, string]
    if (lang !== 'ts' && lang !== 'vue') continue
    const line = markdown.slice(0, match.index).split('\n').length
    const firstLine = code.split('\n', 1)[0]!.trim()
    const name = `readme-${line}`
    const skip = NOT_COMPILED.find(rule => rule.firstLine.test(firstLine))
    const serverFile = /^\/\/ server\/(\S+\.ts)\b/.exec(firstLine)
    if (skip) result.skipped.push({ line, reason: skip.reason })
    // `// server/api/me.get.ts`: a server file; the README line number keeps two examples of the same path apart.
    else if (lang === 'ts' && serverFile) result.examples.push({ line, kind: 'server', path: serverFile[1]!.replace(/([^/]+)$/, `${name}-$1`), code })
    else if (lang === 'vue' && code.includes('<script setup')) result.examples.push({ line, kind: 'page', path: `${name}.vue`, code })
    // A bare statement such as `definePageMeta({ … })` belongs in a page's <script setup>.
    else if (lang === 'ts' && !/^(?:import|export)\b/m.test(code)) result.examples.push({ line, kind: 'page', path: `${name}.vue`, code: `<script setup lang="ts">\n${code}</script>\n` })
    else result.unclassified.push({ line, firstLine })
  }
  return result
}
