import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { buildNuxtApp } from '../../support/build-nuxt'

export const BENCH_FIXTURES = ['with-module', 'no-module'] as const
export type BenchFixture = typeof BENCH_FIXTURES[number]
/** node-server: the load, memory and client-JS cases; aws-lambda: bundle size and cold start. */
export type BenchPreset = 'node-server' | 'aws-lambda'

export function benchFixtureDir(name: BenchFixture): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))
}

/** The production output of a fixture next to its sources (git-ignored): `.output/`, `.output-aws-lambda/`. */
export function benchOutputDir(name: BenchFixture, preset: BenchPreset = 'node-server'): string {
  return resolve(benchFixtureDir(name), preset === 'node-server' ? '.output' : `.output-${preset}`)
}

/**
 * Builds a bench fixture for production. The builds read no emulator ids (those come at run time),
 * so `reuse` may skip a fixture whose output already exists: the smoke test uses that, and so can a
 * developer re-running the bench without touching src/. A full `npm run bench` always rebuilds, so
 * it measures the module as it is in the checkout.
 */
export async function buildBenchFixture(name: BenchFixture, options: { reuse?: boolean, preset?: BenchPreset } = {}): Promise<{ seconds: number, reused: boolean }> {
  const preset = options.preset ?? 'node-server'
  const outputDir = benchOutputDir(name, preset)
  if (options.reuse && existsSync(resolve(outputDir, 'server/index.mjs'))) return { seconds: 0, reused: true }
  const started = Date.now()
  // A clean build: Nuxt keeps old client chunks in .nuxt/dist, which would end up in .output/public
  // and be counted as client JS.
  await rm(resolve(benchFixtureDir(name), '.nuxt'), { recursive: true, force: true })
  await rm(outputDir, { recursive: true, force: true })
  await buildNuxtApp(benchFixtureDir(name), { nitro: { logLevel: 1, preset, output: { dir: outputDir } } })
  return { seconds: (Date.now() - started) / 1000, reused: false }
}
