import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { startBasicServer } from './support/fixture-server'
import { RouteClient } from './support/auth-routes'
import { createUser, DEFAULT_PASSWORD, startPrivateShim } from './support/stack'
import { loadStack, type StackUser } from './support/stack-data'
import type { CognitoShim } from './support/cognito-shim'

// What the routes refuse and how they fail: CSRF, methods, bodies, Cognito's errors, Cognito down,
// plain form posts, and a production server without its sealing secret. Server sessions, against a
// private shim (its outage modes must not reach other test files).
const shared = loadStack()
let stack: typeof shared
let shim: CognitoShim
let server: RunningServer
let user: StackUser

beforeAll(async () => {
  ({ stack, shim } = await startPrivateShim(shared))
  const name = `guard-${randomBytes(4).toString('hex')}`
  ;[server, user] = await Promise.all([
    startBasicServer({
      NUXT_PUBLIC_AMPLIFY_SESSION: 'server',
      NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint,
      NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
      NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: '1500',
    }),
    createUser(stack, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD }),
  ])
}, 120_000)
afterAll(async () => {
  await server?.stop()
  await shim?.stop()
})

async function signedIn(): Promise<RouteClient> {
  const browser = new RouteClient(server.url)
  expect((await browser.post('signIn', { username: user.username, password: user.password })).body).toMatchObject({ isSignedIn: true })
  return browser
}
const me = async (browser: RouteClient) => (await browser.get<{ username?: string }>('/api/me')).body.username

describe('CSRF and methods', () => {
  it.each([
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['Origin: null', { origin: 'null' }],
  ])('sign-in with %s: 403, no cookie', async (_, headers) => {
    for (const form of [false, true]) {
      const answer = await new RouteClient(server.url).post('signIn', { username: user.username, password: user.password }, { form, headers })
      expect(answer.status).toBe(403)
      expect(answer.setCookies).toEqual([])
    }
  })

  it('a cross-site sign-out is refused, and the session stays', async () => {
    const browser = await signedIn()
    const answer = await browser.post('signOut', {}, { form: true, headers: { 'origin': 'https://evil.example', 'sec-fetch-site': 'cross-site' } })
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ data: { name: 'CrossSiteRequest' } })
    expect(await me(browser)).toBe(user.username)
  })

  it('GET sign-out is 405 and signs nobody out', async () => {
    const browser = await signedIn()
    const answer = await browser.get('/api/amplify/sign-out')
    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')).toBe('POST')
    expect(answer.setCookies).toEqual([])
    expect(await me(browser)).toBe(user.username)
  })

  it('the app\'s own pages are accepted (same Origin, Sec-Fetch-Site: same-origin)', async () => {
    const browser = new RouteClient(server.url)
    const answer = await browser.post('signIn', { username: user.username, password: user.password }, { headers: { 'origin': new URL(server.url).origin, 'sec-fetch-site': 'same-origin' } })
    expect(answer.body).toMatchObject({ isSignedIn: true })
  })

  it('bodies: other media types 415, oversized 413', async () => {
    const browser = new RouteClient(server.url)
    expect((await browser.request('POST', '/api/amplify/sign-in', { body: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(415)
    expect((await browser.post('signIn', { username: 'x'.repeat(20_000), password: 'y' })).status).toBe(413)
    expect((await browser.request('POST', '/api/amplify/sign-in', { body: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400)
  })
})

describe('errors: Cognito\'s name in data.name, never a secret', () => {
  it.each([
    ['wrong password (SRP)', () => ({ username: user.username, password: 'Wr0ng!password' }), 401, 'NotAuthorizedException'],
    ['wrong password (USER_PASSWORD_AUTH)', () => ({ username: user.username, password: 'Wr0ng!password', options: { authFlowType: 'USER_PASSWORD_AUTH' } }), 401, 'NotAuthorizedException'],
    ['unknown user', () => ({ username: 'nobody-here', password: 'Wr0ng!password' }), 401, /NotAuthorizedException|UserNotFoundException/],
    ['no password', () => ({ username: user.username }), 400, 'InvalidParameterException'],
  ])('%s', async (_, body, status, name) => {
    const answer = await new RouteClient(server.url).post('signIn', body())
    expect(answer.status).toBe(status)
    expect(answer.body).toMatchObject({ data: { name: expect.stringMatching(name) } })
    expect(JSON.stringify(answer.body)).not.toContain('Wr0ng!password')
    expect(server.output()).not.toContain('Wr0ng!password')
  })

  it.each(['reset', 'hang', 'error500'] as const)('Cognito %s: 503, and nothing of the request logged', async (mode) => {
    shim.configure({ mode })
    try {
      const answer = await new RouteClient(server.url).post('signIn', { username: user.username, password: 'S3cret!during-outage' })
      expect(answer.status).toBe(503)
      expect((answer.body as { data: { name: string } }).data.name).toMatch(/NetworkError|TimeoutError|InternalErrorException/)
      expect(JSON.stringify(answer.body)).not.toContain('S3cret!during-outage')
    }
    finally {
      shim.configure({ mode: 'normal' })
    }
    expect(server.output()).not.toContain('S3cret!during-outage')
    // A handled 503 is not a server error: nothing per request in the log (anyone could fill it).
    expect(server.output()).not.toMatch(/request error|sign-in/i)
  })

  it('too many attempts (LimitExceededException, scripted by the shim): 429 with the name', async () => {
    shim.configure({ failNext: { ForgotPassword: { count: 1 } } })
    const answer = await new RouteClient(server.url).post('resetPassword', { username: user.username })
    expect(answer.status).toBe(429)
    expect(answer.body).toMatchObject({ data: { name: 'LimitExceededException', message: 'Too many attempts. Try again later.' } })
  })

  it('sign-out while Cognito is down: the cookies go all the same, and the answer says 503', async () => {
    const browser = await signedIn()
    shim.configure({ mode: 'reset' })
    try {
      const answer = await browser.post('signOut', {})
      expect(answer.status).toBe(503)
      expect(browser.tokenCookies(stack.clientId)).toEqual({})
    }
    finally {
      shim.configure({ mode: 'normal' })
    }
  })
})

describe('plain form posts', () => {
  it('success: 303 to the safe `redirect` field, session set', async () => {
    const browser = new RouteClient(server.url)
    const answer = await browser.post('signIn', { username: user.username, password: user.password, redirect: '/protected?x=1' }, { form: true })
    expect(answer.status).toBe(303)
    expect(answer.headers.get('location')).toBe('/protected?x=1')
    expect(await me(browser)).toBe(user.username)
  })

  it('an off-site `redirect` goes home instead', async () => {
    const answer = await new RouteClient(server.url).post('signIn', { username: user.username, password: user.password, redirect: '//evil.example/' }, { form: true })
    expect(answer.headers.get('location')).toBe('/')
  })

  it('failure: 303 to the login page with the error name only', async () => {
    const answer = await new RouteClient(server.url).post('signIn', { username: user.username, password: 'Wr0ng!<script>', redirect: '/protected' }, { form: true })
    expect(answer.status).toBe(303)
    expect(answer.headers.get('location')).toBe('/login?error=NotAuthorizedException&redirect=%2Fprotected')
  })
})

describe('the sealing secret', () => {
  it('a production server without NUXT_AMPLIFY_SESSION_PASSWORD does not start, and says why in one line', async () => {
    const error = await startBasicServer({ NUXT_AMPLIFY_SESSION_PASSWORD: '' }).then(() => undefined, (error: Error) => error)
    const output = error?.message.split(/the server exited \(1\):\n/)[1]
    expect(output?.trim()).toMatch(/^\[nuxt-amplify\] NUXT_AMPLIFY_SESSION_PASSWORD is not set \(or shorter than 32 characters\): [^\n]+$/)
  })
})
