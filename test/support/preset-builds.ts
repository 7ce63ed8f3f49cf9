// The basic fixture built once per preset in a test file, and the servers started from those builds;
// all stopped and removed when the file ends (test/presets.test.ts, presets-serverless.test.ts).
import { afterAll } from 'vitest'
import { buildApp, startServer, type Build, type RunningServer } from './compat'
import { fixtureDir } from './fixtures'

export function presetBuilds() {
  const builds: Build[] = []
  const servers: RunningServer[] = []
  afterAll(async () => {
    for (const server of servers) await server.stop()
    for (const build of builds) build.remove()
  })
  return {
    async build(preset: string, nitro?: Record<string, unknown>): Promise<Build> {
      const result = await buildApp(fixtureDir('basic'), { preset, nitro })
      console.info(`[presets] ${preset} built in ${result.seconds.toFixed(1)} s`)
      builds.push(result)
      return result
    },
    async serve(...args: Parameters<typeof startServer>): Promise<RunningServer> {
      const server = await startServer(...args)
      servers.push(server)
      return server
    },
  }
}
