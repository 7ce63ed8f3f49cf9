import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { readmeBlocks } from './support/readme-examples'
import { createTypecheckApp, nuxiTypecheck, type NuxtMajor } from './support/typecheck-app'

// Every code example of README.md and of the guide under docs/, as files of a new Nuxt 3 app and a new Nuxt 4 app outside the
// repository, must pass `nuxi typecheck` (vue-tsc) with the starters' tsconfig layout. Nuxt 3's root
// tsconfig also covers server/, with the app's auto-import declarations, which is where a server
// helper and a page composable of the same name used to disagree.
const blocks = readmeBlocks()
const apps: string[] = []
afterAll(() => {
  for (const app of apps) rmSync(app, { recursive: true, force: true })
})

describe('README and docs/ examples', () => {
  it('are all picked up: every ts and vue block is an app file or a listed fragment', () => {
    expect(blocks.unclassified).toEqual([])
    // The guide's pages are read too, and each of the task pages with code contributes examples.
    expect(blocks.sources).toContain('docs/server-routes.md')
    for (const page of ['README.md', 'docs/server-routes.md', 'docs/pages.md', 'docs/server-sessions.md', 'docs/data-rest-storage.md']) {
      expect(blocks.examples.some(example => example.source === page), page).toBe(true)
    }
    const files = blocks.examples.map(example => example.code)
    // The headline example, the page SSR one and the task one (spot checks that extraction works).
    expect(files.some(code => code.includes('getCurrentUser(useAmplifyServerContext(event))'))).toBe(true)
    expect(files.some(code => code.includes('fetchAuthSession(useAmplifyServerContext())'))).toBe(true)
    expect(files.some(code => code.includes('defineTask('))).toBe(true)
    expect(blocks.examples.filter(example => example.kind === 'server').length).toBeGreaterThanOrEqual(5)
    expect(blocks.examples.filter(example => example.kind === 'page').length).toBeGreaterThanOrEqual(5)
    // nuxt.config.ts examples: their `amplify` options are checked against the module's types (Nuxt 3 app).
    expect(blocks.examples.filter(example => example.kind === 'config').length).toBeGreaterThanOrEqual(5)
  })

  it.each([3, 4] as NuxtMajor[])('pass nuxi typecheck in a new Nuxt %i app', async (major) => {
    const app = createTypecheckApp(major, blocks.examples)
    apps.push(app)
    const { code, output } = await nuxiTypecheck(app)
    // Whole lines: the file name (`readme-<line>-…`, `docs-<page>-<line>-…`) says which example failed.
    expect(output.match(/^.*error TS\d+:.*$/gm) ?? []).toEqual([])
    expect(code, output).toBe(0)
  }, 300_000)
})
