import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { amplifyVersions, serveWorkspaceApp } from './support/compat'
import { appScenarios, cookiesFor } from './support/compat-scenarios'
import { cookieHeader } from './support/sign-in'
import { loadStack } from './support/stack-data'

// Compatibility cell: the oldest aws-amplify in the peer range (test/compat/amplify-oldest, Nuxt 3),
// which has no `createAmplifyContext`: the module must take the callback API on its own.
const stack = loadStack()
const app = serveWorkspaceApp('amplify-oldest', stack)

describe('oldest supported aws-amplify (Nuxt 3)', () => {
  it('the build ships the workspace\'s aws-amplify, which is the floor of the peer range, and the module uses its callback API', async () => {
    const { installed, shipped } = amplifyVersions(app.build)
    const peer = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')).peerDependencies['aws-amplify'] as string
    expect(peer).toBe(`^${installed}`)
    expect(shipped).toBe(installed)
    const runtime = await fetch(`${app.server.url}/api/amplify-runtime`, { headers: { cookie: cookieHeader(await cookiesFor(stack, 'alice')) } })
    expect(await runtime.json()).toEqual({ path: 'runWithAmplifyServerContext', username: 'alice' })
  })

  it('the callback-API context is released when its response is finished', async () => {
    const cookie = cookieHeader(await cookiesFor(stack, 'alice'))
    await fetch(`${app.server.url}/api/amplify-released`, { headers: { cookie } }).then(r => r.json())
    const second = await (await fetch(`${app.server.url}/api/amplify-released`, { headers: { cookie } })).json()
    expect(second.previous).toBe('AmplifyServerContextError') // "may have been destroyed"
  })

  appScenarios({ url: () => app.server.url, stack: () => stack })
})
