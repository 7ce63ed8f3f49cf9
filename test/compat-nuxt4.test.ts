import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amplifyRuntimeEnv, buildApp, prepareWorkspace, startServer, type Build, type RunningServer } from './support/compat'
import { appScenarios, cookiesFor } from './support/compat-scenarios'
import { cookieHeader } from './support/sign-in'
import { loadStack } from './support/stack-data'

// Compatibility cell: a Nuxt 4 app (app/ layout, Nuxt 4 defaults) in its own workspace
// (test/compat/nuxt4) with Nuxt 4, @nuxt/kit 4 and the newest aws-amplify.
const stack = loadStack()
let build: Build
let server: RunningServer
beforeAll(async () => {
  build = await buildApp(prepareWorkspace('nuxt4'))
  console.info(`[compat] nuxt4 built in ${build.seconds.toFixed(1)} s`)
  server = await startServer(resolve(build.outputDir, 'server/index.mjs'), { env: amplifyRuntimeEnv(stack) })
}, 600_000)
afterAll(async () => {
  await server?.stop()
  build?.remove()
})

const version = (pkg: string) => JSON.parse(readFileSync(pkg, 'utf8')).version as string

describe('Nuxt 4', () => {
  it('builds with Nuxt 4 and @nuxt/kit 4, without any compatibility warning, and runs on createAmplifyContext', async () => {
    expect(build.versions.nuxt).toMatch(/^4\./)
    expect(build.versions.kit).toMatch(/^4\./)
    expect(build.versions.modules).toContain('nuxt-amplify')
    const amplify = version(resolve(build.rootDir, 'node_modules/aws-amplify/package.json'))
    expect(version(resolve(build.outputDir, 'server/node_modules/aws-amplify/package.json'))).toBe(amplify)
    expect(build.log).not.toMatch(/incompatib|nuxt-amplify.*(disabled|not compatible)/i)
    expect(server.output()).not.toMatch(/incompatib/i)
    const runtime = await fetch(`${server.url}/api/amplify-runtime`, { headers: { cookie: cookieHeader(await cookiesFor(stack, 'alice')) } })
    expect(await runtime.json()).toEqual({ path: 'createAmplifyContext', username: 'alice' })
  })

  appScenarios({ url: () => server.url, stack: () => stack })
})
