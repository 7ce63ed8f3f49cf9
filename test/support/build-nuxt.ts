import { buildNuxt, loadNuxt, logger } from '@nuxt/kit'

type Overrides = NonNullable<Parameters<typeof loadNuxt>[0]['overrides']>

/**
 * A production build of the Nuxt app in `cwd`, in this process, with warnings and errors only. Used
 * for the test fixtures (build-fixtures.ts) and the benchmark apps (test/bench/lib/build.ts).
 */
export async function buildNuxtApp(cwd: string, overrides: Record<string, unknown>): Promise<void> {
  const level = logger.level
  logger.level = 1 // the build's progress lines would bury the test report
  const nuxt = await loadNuxt({ cwd, dev: false, overrides: { logLevel: 'silent', ...overrides } as Overrides })
  try {
    await buildNuxt(nuxt)
  }
  finally {
    await nuxt.close()
    // Nuxt's Vite builder leaves console and stdout wrapped by its logger, which would swallow
    // vitest's report (or the benchmark's table) in this process.
    logger.restoreAll()
    logger.level = level
  }
}
