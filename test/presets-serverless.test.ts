import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { presetBuilds } from './support/preset-builds'
import { appScenarios, cookiesFor, withExpiredAccessToken } from './support/compat-scenarios'
import { parseSetCookies } from './support/cookies'
import { cookieHeader } from './support/sign-in'
import { loadStack } from './support/stack-data'

// Compatibility cells for the serverless Node presets: the basic fixture (Nuxt 3, newest
// aws-amplify) built with `vercel` and with `netlify`, each function started as its platform starts
// it (vercel-host.mjs, netlify-host.mjs), the compat scenarios sent through it.
const stack = loadStack()
const support = (file: string) => fileURLToPath(new URL(`./support/${file}`, import.meta.url))
const { build, serve } = presetBuilds()

/** A refresh answered through the platform: every new cookie in a Set-Cookie header of its own. */
function refreshKeepsCookiesApart(url: () => string) {
  it('a refresh answers each new cookie in its own Set-Cookie header', async () => {
    const jar = withExpiredAccessToken(await cookiesFor(stack, 'alice'))
    const response = await fetch(`${url()}/api/session`, { headers: { accept: 'application/json', cookie: cookieHeader(jar) } })
    expect((await response.json()).username).toBe('alice')
    const headers = response.headers.getSetCookie()
    const names = parseSetCookies(headers).map(c => c.name)
    const prefix = `CognitoIdentityServiceProvider.${stack.clientId}.alice`
    expect(names).toEqual(expect.arrayContaining([`${prefix}.accessToken`, `${prefix}.idToken`]))
    expect(headers).toHaveLength(names.length)
    for (const header of headers) expect(header.match(/CognitoIdentityServiceProvider\./g)).toHaveLength(1)
  })
}

describe('vercel preset (Node.js function, Build Output API v3)', () => {
  let vercel: RunningServer
  let outputDir: string
  beforeAll(async () => {
    ({ outputDir } = await build('vercel'))
    vercel = await serve(support('vercel-host.mjs'), { args: [resolve(outputDir, 'functions/__fallback.func')] })
  }, 600_000)

  it('writes the Build Output config that routes every path to the Node.js function', () => {
    const config = JSON.parse(readFileSync(resolve(outputDir, 'config.json'), 'utf8'))
    expect(config.version).toBe(3)
    expect(config.routes).toContainEqual({ src: '/(.*)', dest: '/__fallback' })
    const function_ = JSON.parse(readFileSync(resolve(outputDir, 'functions/__fallback.func/.vc-config.json'), 'utf8'))
    expect(function_).toMatchObject({ launcherType: 'Nodejs', handler: 'index.mjs', runtime: expect.stringMatching(/^nodejs\d+\.x$/) })
  })

  appScenarios({ url: () => vercel.url, stack: () => stack })
  refreshKeepsCookiesApart(() => vercel.url)
})

describe('netlify preset (Netlify Functions API v2)', () => {
  let netlify: RunningServer
  let outputDir: string
  beforeAll(async () => {
    // The preset puts static files in <rootDir>/dist; this run's build keeps them in its own directory.
    ({ outputDir } = await build('netlify', { output: { publicDir: '{{ output.dir }}/public' } }))
    netlify = await serve(support('netlify-host.mjs'), { args: [resolve(outputDir, 'server/server.mjs')] })
  }, 600_000)

  it('writes the function file Netlify deploys, serving every path from the bundled main.mjs', () => {
    const source = readFileSync(resolve(outputDir, 'server/server.mjs'), 'utf8')
    expect(source).toContain('export { default } from "./main.mjs"')
    expect(source).toMatch(/path: "\/\*"/)
    expect(existsSync(resolve(outputDir, 'server/main.mjs'))).toBe(true)
  })

  appScenarios({ url: () => netlify.url, stack: () => stack })
  refreshKeepsCookiesApart(() => netlify.url)
})
