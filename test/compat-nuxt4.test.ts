import { existsSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { amplifyVersions, serveWorkspaceApp } from './support/compat'
import { appScenarios, cookiesFor } from './support/compat-scenarios'
import { cookieHeader } from './support/sign-in'
import { loadStack } from './support/stack-data'

// Compatibility cell: a Nuxt 4 app (app/ layout, Nuxt 4 defaults) in its own workspace
// (test/compat/nuxt4) with Nuxt 4, @nuxt/kit 4 and the newest aws-amplify, configured from an
// amplify_outputs.json file (test/compat/nuxt4/nuxt.config.ts), built as a copy outside the
// repository with the packed module installed from its tarball.
const stack = loadStack()
const app = serveWorkspaceApp('nuxt4', stack)

describe('Nuxt 4', () => {
  it('builds with Nuxt 4 and @nuxt/kit 4, without any compatibility warning, and runs on createAmplifyContext', async () => {
    expect(app.build.versions.nuxt).toMatch(/^4\./)
    expect(app.build.versions.kit).toMatch(/^4\./)
    expect(app.build.versions.modules).toContain('nuxt-amplify')
    // The packed module, installed from its tarball into a copy of the app outside the repository (support/packed-module.ts).
    expect(relative(fileURLToPath(new URL('..', import.meta.url)), app.build.rootDir).startsWith('..'), app.build.rootDir).toBe(true)
    expect(existsSync(resolve(app.build.rootDir, 'node_modules/nuxt-amplify/dist/module.mjs'))).toBe(true)
    const amplify = amplifyVersions(app.build)
    expect(amplify.shipped).toBe(amplify.installed)
    // The log really holds the build's output and @nuxt/kit's warnings (build-app.mjs logs a probe
    // warning through the logger that reports incompatible modules), so "no warning in it" means something.
    expect(app.build.log).toContain('[build-app] log probe: warnings of @nuxt/kit reach this log')
    expect(app.build.log).toContain('[nitro] Nuxt Nitro server built')
    expect(app.build.log).not.toMatch(/incompatib|nuxt-amplify.*(disabled|not compatible)/i)
    expect(app.server.output()).not.toMatch(/incompatib/i)
    const runtime = await fetch(`${app.server.url}/api/amplify-runtime`, { headers: { cookie: cookieHeader(await cookiesFor(stack, 'alice')) } })
    expect(await runtime.json()).toEqual({ path: 'createAmplifyContext', username: 'alice' })
  })

  it('loads amplify_outputs.json from the rootDir (not from app/, Nuxt 4\'s srcDir): the server runs on the run\'s pool', async () => {
    const config = await (await fetch(`${app.server.url}/api/amplify-config`)).json()
    expect(config).toEqual({ userPoolId: stack.userPoolId, userPoolClientId: stack.clientId })
  })

  appScenarios({ url: () => app.server.url, stack: () => stack })
})
