import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionResult } from '../src/runtime/shared/auth-routes'
import type { RunningServer } from './support/compat'
import { refreshTokenWorks, startBasicServer } from './support/fixture-server'
import { RouteClient } from './support/auth-routes'
import { createUser, DEFAULT_PASSWORD } from './support/stack'
import { loadStack, stackUser } from './support/stack-data'

// The auth routes against the real emulator, on the shared basic build started twice: browser sessions
// (the build's default) and server sessions (NUXT_PUBLIC_AMPLIFY_SESSION=server at run time).
const stack = loadStack()
let browserMode: RunningServer
let serverMode: RunningServer

beforeAll(async () => {
  [browserMode, serverMode] = await Promise.all([startBasicServer(), startBasicServer({ NUXT_PUBLIC_AMPLIFY_SESSION: 'server' })])
}, 120_000)
afterAll(async () => {
  await Promise.all([browserMode?.stop(), serverMode?.stop()])
})

const alice = stackUser(stack, 'alice')
const tokenNames = ['LastAuthUser', 'accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails']

function tokenSetCookies(answer: Awaited<ReturnType<RouteClient['post']>>) {
  return answer.setCookies.filter(cookie => cookie.name.startsWith(`CognitoIdentityServiceProvider.${stack.clientId}.`))
}

describe('sign-in with USER_PASSWORD_AUTH', () => {
  it('server sessions: every token cookie is HttpOnly, and /api/me sees the user', async () => {
    const browser = new RouteClient(serverMode.url)
    const answer = await browser.post('signIn', { username: 'alice', password: alice.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    const written = tokenSetCookies(answer)
    expect(written.map(cookie => cookie.name.split('.').pop()).sort()).toEqual([...tokenNames].sort())
    for (const cookie of written) expect(cookie.attributes, cookie.name).toMatchObject({ httponly: true, path: '/', samesite: 'Lax', secure: true })
    const me = await browser.get<{ username: string }>('/api/me')
    expect(me.body.username).toBe('alice')
  })

  it('browser sessions: the same cookies without HttpOnly, which browser Amplify reads', async () => {
    const browser = new RouteClient(browserMode.url)
    const answer = await browser.post('signIn', { username: 'alice', password: alice.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
    expect(answer.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    const written = tokenSetCookies(answer)
    expect(written).toHaveLength(tokenNames.length)
    for (const cookie of written) expect(cookie.attributes.httponly, cookie.name).toBeUndefined()
    expect(browser.jar[`CognitoIdentityServiceProvider.${stack.clientId}.LastAuthUser`]).toBe('alice')
    expect((await browser.get<{ username: string }>('/api/me')).body.username).toBe('alice')
  })
})

describe('GET session', () => {
  it('gives the access and id tokens, never the refresh token, and is not cached', async () => {
    const browser = new RouteClient(serverMode.url)
    await browser.post('signIn', { username: 'alice', password: alice.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
    const refreshToken = browser.jar[`CognitoIdentityServiceProvider.${stack.clientId}.alice.refreshToken`]!
    expect(refreshToken).toBeTruthy()
    const session = await browser.get<SessionResult>('/api/amplify/session')
    expect(session.headers.get('cache-control')).toBe('no-store')
    expect(session.body).toMatchObject({ signedIn: true, username: 'alice', accessToken: browser.jar[`CognitoIdentityServiceProvider.${stack.clientId}.alice.accessToken`] })
    expect(JSON.stringify(session.body)).not.toContain(refreshToken)
    expect(Object.keys(session.body).sort()).toEqual(['accessToken', 'idToken', 'signInDetails', 'signedIn', 'userId', 'username'])
  })

  it('expired tokens are refreshed by the server with the HttpOnly refresh token', async () => {
    const browser = new RouteClient(serverMode.url)
    await browser.post('signIn', { username: 'alice', password: alice.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
    const key = `CognitoIdentityServiceProvider.${stack.clientId}.alice`
    const before = browser.jar[`${key}.accessToken`]
    // A clock drift of 25 h makes Amplify on the server see the (24 h) access token as expired.
    browser.jar[`${key}.clockDrift`] = String(25 * 3600 * 1000)
    const session = await browser.get<SessionResult>('/api/amplify/session')
    const written = session.setCookies.find(cookie => cookie.name === `${key}.accessToken`)
    expect(written?.attributes.httponly).toBe(true)
    expect(written?.value).not.toBe(before)
    expect(session.body).toMatchObject({ signedIn: true, accessToken: written?.value })
  })

  it('anonymous: signedIn false', async () => {
    expect((await new RouteClient(serverMode.url).get('/api/amplify/session')).body).toEqual({ signedIn: false })
  })
})

describe('sign-out', () => {
  it('revokes the refresh token at the emulator and deletes every session cookie', async () => {
    const user = await createUser(stack, { username: `out-${Date.now()}`, email: 'out@example.com', name: 'Out', password: DEFAULT_PASSWORD })
    const browser = new RouteClient(serverMode.url)
    await browser.post('signIn', { username: user.username, password: user.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
    const refreshToken = browser.jar[`CognitoIdentityServiceProvider.${stack.clientId}.${user.username}.refreshToken`]!
    expect(await refreshTokenWorks(stack, stack.clientId, refreshToken)).toBe(true)
    // Chunks of an oversized cookie (shared/cookie-chunks.ts) and an earlier user's leftovers go too.
    browser.jar[`CognitoIdentityServiceProvider.${stack.clientId}.${user.username}.idToken.0`] = 'chunk-0'
    browser.jar[`CognitoIdentityServiceProvider.${stack.clientId}.${user.username}.idToken.1`] = 'chunk-1'
    browser.jar[`CognitoIdentityServiceProvider.${stack.clientId}.someone-before.refreshToken`] = 'old'
    const answer = await browser.post('signOut', {})
    expect(answer.status).toBe(200)
    expect(browser.tokenCookies(stack.clientId)).toEqual({})
    expect(Object.keys(browser.jar)).toEqual([])
    expect(await refreshTokenWorks(stack, stack.clientId, refreshToken)).toBe(false)
    expect((await browser.get('/api/amplify/session')).body).toEqual({ signedIn: false })
  })
})
