import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amplifyRuntimeEnv, buildApp, prepareWorkspace, startServer, type Build, type RunningServer } from './support/compat'
import { appScenarios, cookiesFor } from './support/compat-scenarios'
import { cookieHeader } from './support/sign-in'
import { loadStack } from './support/stack-data'

// Compatibility cell: the oldest aws-amplify in the peer range (test/compat/amplify-oldest, Nuxt 3),
// which has no `createAmplifyContext`: the module must take the callback API on its own.
const stack = loadStack()
let build: Build
let server: RunningServer
beforeAll(async () => {
  build = await buildApp(prepareWorkspace('amplify-oldest'))
  console.info(`[compat] amplify-oldest built in ${build.seconds.toFixed(1)} s`)
  server = await startServer(resolve(build.outputDir, 'server/index.mjs'), { env: amplifyRuntimeEnv(stack) })
}, 600_000)
afterAll(async () => {
  await server?.stop()
  build?.remove()
})

const version = (pkg: string) => JSON.parse(readFileSync(pkg, 'utf8')).version as string

describe('oldest supported aws-amplify (Nuxt 3)', () => {
  it('the build ships the workspace\'s aws-amplify, which is the floor of the peer range, and the module uses its callback API', async () => {
    const installed = version(resolve(build.rootDir, 'node_modules/aws-amplify/package.json'))
    const peer = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')).peerDependencies['aws-amplify'] as string
    expect(peer).toBe(`^${installed}`)
    expect(version(resolve(build.outputDir, 'server/node_modules/aws-amplify/package.json'))).toBe(installed)
    const runtime = await fetch(`${server.url}/api/amplify-runtime`, { headers: { cookie: cookieHeader(await cookiesFor(stack, 'alice')) } })
    expect(await runtime.json()).toEqual({ path: 'runWithAmplifyServerContext', username: 'alice' })
  })

  it('the callback-API context is released when its response is finished', async () => {
    const cookie = cookieHeader(await cookiesFor(stack, 'alice'))
    await fetch(`${server.url}/api/amplify-released`, { headers: { cookie } }).then(r => r.json())
    const second = await (await fetch(`${server.url}/api/amplify-released`, { headers: { cookie } })).json()
    expect(second.previous).toBe('AmplifyServerContextError') // "may have been destroyed"
  })

  appScenarios({ url: () => server.url, stack: () => stack })
})
