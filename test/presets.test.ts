import { existsSync, readFileSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { presetBuilds } from './support/preset-builds'
import { appScenarios, cookiesFor, withExpiredAccessToken } from './support/compat-scenarios'
import { applySetCookies, jwtPayload, parseSetCookies } from './support/cookies'
import { cookieHeader } from './support/sign-in'
import { loadStack } from './support/stack-data'

// Compatibility cells for Nitro deploy presets: the basic fixture (Nuxt 3, newest aws-amplify) built
// once per preset in this file, each build run the way its platform runs it. Nothing in the module
// keeps a user's state in process memory (per-request context on event.context; module-level caches
// hold only config and public signing keys), which the cluster cell shows with several workers.
const stack = loadStack()
const support = (file: string) => fileURLToPath(new URL(`./support/${file}`, import.meta.url))
const { build, serve } = presetBuilds()

describe('aws-lambda preset (API Gateway v2 events)', () => {
  let lambda: RunningServer
  beforeAll(async () => {
    const { outputDir } = await build('aws-lambda')
    lambda = await serve(support('lambda-host.mjs'), { args: [resolve(outputDir, 'server/index.mjs')] })
  }, 600_000)

  /** An API Gateway HTTP API (payload 2.0) event: cookies arrive split into `cookies`, not as a header. */
  function event(path: string, jar?: Record<string, string>) {
    return {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      ...(jar && { cookies: cookieHeader(jar).split('; ') }),
      headers: { 'host': 'abc123.execute-api.us-east-1.amazonaws.com', 'accept': path.startsWith('/api') ? 'application/json' : 'text/html', 'x-forwarded-proto': 'https' },
      requestContext: {
        accountId: '123456789012', apiId: 'abc123', domainName: 'abc123.execute-api.us-east-1.amazonaws.com', domainPrefix: 'abc123',
        http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
        requestId: randomUUID(), routeKey: '$default', stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
      },
      isBase64Encoded: false,
    }
  }

  interface LambdaResult { statusCode: number, headers: Record<string, string>, cookies?: string[], body: string, isBase64Encoded: boolean }
  async function invoke(path: string, jar?: Record<string, string>): Promise<LambdaResult> {
    const response = await fetch(lambda.url, { method: 'POST', body: JSON.stringify(event(path, jar)) })
    const result = await response.json()
    if (result.invocationError) throw new Error(result.invocationError)
    return result
  }

  it('a signed-in user reaches the route and the server-rendered page', async () => {
    const route = await invoke('/api/me', await cookiesFor(stack, 'alice'))
    expect(route.statusCode).toBe(200)
    expect(JSON.parse(route.body).username).toBe('alice')
    const page = await invoke('/', await cookiesFor(stack, 'bob@example.com'))
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Hello, bob@example.com!')
    expect(page.cookies).toBeUndefined() // valid tokens: nothing to write
  })

  it('anonymous events get a 401 JSON from the route and the "Not signed in" page', async () => {
    const route = await invoke('/api/me')
    expect(route.statusCode).toBe(401)
    expect(JSON.parse(route.body)).toMatchObject({ statusCode: 401, message: 'Not signed in.' })
    expect(JSON.parse((await invoke('/api/user')).body)).toEqual({ user: null })
    const page = await invoke('/')
    expect(page.body).toContain('Not signed in')
  })

  it('a refresh returns each new cookie as its own entry of `cookies` (not folded into one header)', async () => {
    const jar = withExpiredAccessToken(await cookiesFor(stack, 'alice'))
    const result = await invoke('/api/session', jar)
    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body).username).toBe('alice')
    expect(Array.isArray(result.cookies)).toBe(true)
    expect(Object.keys(result.headers).map(h => h.toLowerCase())).not.toContain('set-cookie')
    const cookies = parseSetCookies(result.cookies!)
    const names = cookies.map(c => c.name)
    expect(names.length).toBeGreaterThanOrEqual(2)
    expect(new Set(names).size).toBe(names.length)
    for (const entry of result.cookies!) expect(entry.match(/CognitoIdentityServiceProvider\./g)).toHaveLength(1)
    const prefix = `CognitoIdentityServiceProvider.${stack.clientId}.alice`
    expect(names).toEqual(expect.arrayContaining([`${prefix}.accessToken`, `${prefix}.idToken`]))
    const access = cookies.find(c => c.name === `${prefix}.accessToken`)!
    expect(access.value).not.toBe(Object.entries(jar).find(([name]) => name.endsWith('.accessToken'))![1])
    expect(jwtPayload(access.value).username).toBe('alice')
    expect(access.attributes).toMatchObject({ path: '/', samesite: 'Lax', secure: true })

    const next = await invoke('/api/me', applySetCookies(jar, result.cookies!))
    expect(JSON.parse(next.body).username).toBe('alice')
    expect(next.cookies).toBeUndefined()
  })

  it('one warm instance serving alternating users gives each their own user', async () => {
    const jars = { 'alice': await cookiesFor(stack, 'alice'), 'bob@example.com': await cookiesFor(stack, 'bob@example.com') }
    const got: string[] = []
    for (let i = 0; i < 8; i++) {
      const username = i % 2 ? 'bob@example.com' : 'alice'
      got.push(JSON.parse((await invoke('/api/me', jars[username])).body).username)
    }
    expect(got).toEqual(Array.from({ length: 8 }, (_, i) => (i % 2 ? 'bob@example.com' : 'alice')))
  })
})

describe('node-cluster preset (3 workers)', () => {
  let cluster: RunningServer
  const listening = () => cluster.output().match(/Listening on/g)?.length ?? 0
  beforeAll(async () => {
    const { outputDir } = await build('node-cluster')
    cluster = await serve(resolve(outputDir, 'server/index.mjs'), { env: { NITRO_CLUSTER_WORKERS: '3' } })
    // Every worker prints its own "Listening on"; they may still be starting when the first answers.
    // Wait (up to 30 s) for all three, so no test below depends on when workers come up.
    for (const deadline = Date.now() + 30_000; listening() < 3 && Date.now() < deadline;) await new Promise(done => setTimeout(done, 200))
  }, 600_000)

  it('three worker processes listen', () => {
    expect(listening()).toBe(3)
  })

  it('requests on new connections spread over the workers, and every worker reads the same session', async () => {
    const cookie = cookieHeader(await cookiesFor(stack, 'alice'))
    const answers: Array<{ pid: number, username: string | null }> = []
    // One connection per request: the primary hands each new connection to the next worker (round robin).
    for (let i = 0; i < 12; i++) answers.push(JSON.parse(await getOnNewConnection(`${cluster.url}/api/worker`, cookie)))
    expect(new Set(answers.map(a => a.pid)).size).toBeGreaterThanOrEqual(2)
    expect(answers.map(a => a.username)).toEqual(Array.from({ length: 12 }, () => 'alice'))
  })

  appScenarios({ url: () => cluster.url, stack: () => stack })
})

/** GET on a connection of its own (no keep-alive), so that the cluster primary picks a worker for it. */
function getOnNewConnection(url: string, cookie: string): Promise<string> {
  return new Promise((done, fail) => {
    const request = httpGet(url, { agent: false, headers: { cookie, connection: 'close', accept: 'application/json' } }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => body += chunk)
      response.on('end', () => done(body))
    })
    request.on('error', fail)
  })
}

describe('aws-amplify preset (Amplify Hosting compute)', () => {
  let hosting: RunningServer
  let outputDir: string
  beforeAll(async () => {
    ({ outputDir } = await build('aws-amplify'))
    hosting = await serve(resolve(outputDir, 'compute/default/server.js'), { preload: support('listen-on.mjs') })
  }, 600_000)

  it('writes the deploy manifest Amplify Hosting reads, pointing at the compute entry', () => {
    const manifest = JSON.parse(readFileSync(resolve(outputDir, 'deploy-manifest.json'), 'utf8'))
    expect(manifest.computeResources).toEqual([expect.objectContaining({ name: 'default', entrypoint: 'server.js' })])
    expect(existsSync(resolve(outputDir, 'compute/default/server.js'))).toBe(true)
  })

  appScenarios({ url: () => hosting.url, stack: () => stack })
})
