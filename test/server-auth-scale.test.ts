import { randomBytes } from 'node:crypto'
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionResult } from '../src/runtime/shared/auth-routes'
import type { RunningServer } from './support/compat'
import { startBasicServer } from './support/fixture-server'
import { RouteClient } from './support/auth-routes'
import { jwtPayload } from './support/cookies'
import { adminClient, DEFAULT_PASSWORD } from './support/stack'
import { loadStack, stackUser } from './support/stack-data'
import { signInCookies } from './support/sign-in'

// Stateless sign-in steps: many users at once with their challenges interleaved, steps finished on
// another process of the same build; and the carry-over of a browser-mode session into server sessions.
const stack = loadStack()
let processA: RunningServer
let processB: RunningServer
let otherSecret: RunningServer
let browserMode: RunningServer

// 50 SRP sign-ins at once queue up in the emulator (its SRP is plain BigInt in one process, on a
// machine shared with other test files): the servers wait for it longer than the default 5 s.
const SERVER = { NUXT_PUBLIC_AMPLIFY_SESSION: 'server', NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: '60000' }

beforeAll(async () => {
  [processA, processB, otherSecret, browserMode] = await Promise.all([
    startBasicServer(SERVER),
    startBasicServer(SERVER),
    startBasicServer({ NUXT_PUBLIC_AMPLIFY_SESSION: 'server', NUXT_AMPLIFY_SESSION_PASSWORD: 'another-deployment-another-secret-0123456789' }),
    startBasicServer(),
  ])
}, 180_000)
afterAll(async () => {
  await Promise.all([processA, processB, otherSecret, browserMode].map(server => server?.stop()))
})

const TEMPORARY = 'Temp0rary!pass'
/** Users created by an admin with a temporary password: their sign-in stops at NEW_PASSWORD_REQUIRED. */
async function usersWithTemporaryPassword(n: number): Promise<string[]> {
  const prefix = `tmp-${randomBytes(3).toString('hex')}`
  const names = Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
  const admin = adminClient(stack)
  try {
    for (let i = 0; i < n; i += 8) {
      await Promise.all(names.slice(i, i + 8).map(name => admin.send(new AdminCreateUserCommand({
        UserPoolId: stack.userPoolId, Username: name, TemporaryPassword: TEMPORARY, MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
      }))))
    }
  }
  finally {
    admin.destroy()
  }
  return names
}

describe('stateless sign-in steps', () => {
  it('a challenge started on one process completes on another process of the same build', async () => {
    const [username] = await usersWithTemporaryPassword(1)
    const onA = new RouteClient(processA.url)
    expect((await onA.post('signIn', { username, password: TEMPORARY })).body).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } })
    const onB = onA.on(processB.url)
    expect((await onB.post('confirmSignIn', { challengeResponse: DEFAULT_PASSWORD })).body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    expect((await onB.get<{ username: string }>('/api/me')).body.username).toBe(username)
  })

  it('a process with another secret cannot open the sign-in state', async () => {
    const [username] = await usersWithTemporaryPassword(1)
    const onA = new RouteClient(processA.url)
    await onA.post('signIn', { username, password: TEMPORARY })
    const answer = await onA.on(otherSecret.url).post('confirmSignIn', { challengeResponse: DEFAULT_PASSWORD })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ data: { name: 'SignInException' } })
  })

  it('50 users at once, challenges interleaved across two processes: each ends with its own session', async () => {
    const names = await usersWithTemporaryPassword(50)
    const browsers = names.map(() => new RouteClient(processA.url))
    const started = await Promise.all(names.map((username, i) => browsers[i]!.post('signIn', { username, password: TEMPORARY })))
    for (const answer of started) expect(answer.body).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } })
    // All 50 challenges are open at once (50 sealed states in 50 browsers); all 50 are answered at once,
    // in reverse order, every other one on the other process.
    const order = names.map((_, i) => names.length - 1 - i)
    const finished = await Promise.all(order.map(i => browsers[i]!.on(i % 2 ? processB.url : processA.url).post('confirmSignIn', { challengeResponse: `${DEFAULT_PASSWORD}-${i}` })))
    for (const answer of finished) expect(answer.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    const sessions = await Promise.all(order.map(i => browsers[i]!.on(processA.url).get<SessionResult>('/api/amplify/session')))
    for (const [k, i] of order.entries()) {
      const session = sessions[k]!.body
      expect(session).toMatchObject({ signedIn: true, username: names[i] })
      if (session.signedIn) expect(jwtPayload(session.accessToken).username).toBe(names[i])
    }
    // Each new password is that user's: user i signs in with `-i` only.
    expect((await new RouteClient(processB.url).post('signIn', { username: names[7], password: `${DEFAULT_PASSWORD}-7` })).body).toMatchObject({ isSignedIn: true })
  }, 120_000)
})

describe('switching browser sessions to server sessions', () => {
  const alice = () => stackUser(stack, 'alice')

  it('a browser-mode session keeps working, and every token cookie is rewritten HttpOnly once', async () => {
    const jar = await signInCookies(stack, { username: 'alice', password: alice().password })
    const browser = new RouteClient(processA.url, jar)
    const first = await browser.get<{ username: string }>('/api/me')
    expect(first.body.username).toBe('alice')
    const rewritten = first.setCookies.filter(cookie => cookie.name.startsWith('CognitoIdentityServiceProvider'))
    expect(rewritten.map(cookie => cookie.name).sort()).toEqual(Object.keys(jar).sort())
    for (const cookie of rewritten) {
      expect(cookie.attributes.httponly, cookie.name).toBe(true)
      expect(cookie.value).toBe(jar[cookie.name])
    }
    expect(first.setCookies.find(cookie => cookie.name === 'nuxt-amplify.httponly')?.attributes.httponly).toBe(true)
    // Next request: nothing to carry over any more.
    const second = await browser.get<{ username: string }>('/api/me')
    expect(second.body.username).toBe('alice')
    expect(second.setCookies).toEqual([])
  })

  it('browser sessions leave browser-written cookies as they are', async () => {
    const jar = await signInCookies(stack, { username: 'alice', password: alice().password })
    const answer = await new RouteClient(browserMode.url, jar).get<{ username: string }>('/api/me')
    expect(answer.body.username).toBe('alice')
    expect(answer.setCookies).toEqual([])
  })
})
