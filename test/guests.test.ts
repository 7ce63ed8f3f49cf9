import { describe, expect, it } from 'vitest'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { createIdentityPool, identityPoolCounts, loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { applySetCookies, parseSetCookies } from './support/cookies'

// The identity pool (through `identityPoolEndpoint`): guest credentials without cookies, the guest
// identity id kept in a cookie like the token cookies, one identity per signed-in user.
// This file's server uses an identity pool of its own (created in the stand-in, set through the
// runtime config), so the pool's call counts are this file's calls only, whatever else runs.
const data = loadCategories()
const { stack } = data
const identityPoolId = await createIdentityPool(data)
await setup(fixtureSetup('categories', { NUXT_PUBLIC_AMPLIFY_CONFIG_AUTH_COGNITO_IDENTITY_POOL_ID: identityPoolId }))
const signIn = (username: string) => signInCookies(stack, { username, password: stackUser(stack, username).password })
const identityCookie = `com.amplify.Cognito.${identityPoolId}.identityId`
const getIdCalls = async () => (await identityPoolCounts(data, identityPoolId)).GetId ?? 0

interface Session { identityId: string | null, credentials: 'guest' | 'auth' | null, username: string | null }

describe('guest access', () => {
  it('a request without cookies gets guest credentials and its identity id as a cookie', async () => {
    const before = await getIdCalls()
    const response = await fetch('/api/session')
    const session = await response.json() as Session
    expect(session).toMatchObject({ credentials: 'guest', username: null })
    expect(session.identityId).toMatch(/^us-east-1:/)
    const cookie = parseSetCookies(response.headers.getSetCookie()).find(c => c.name === identityCookie)
    expect(cookie?.value).toBe(session.identityId)
    expect(cookie?.attributes).toMatchObject({ 'path': '/', 'samesite': 'Lax', 'secure': true, 'max-age': '31536000' })
    expect(await getIdCalls() - before).toBe(1) // from this file's pool: the runtime config reached the server
  })

  it('the guest\'s next request keeps the same identity without asking the pool for a new one', async () => {
    const first = await fetch('/api/session')
    const jar = applySetCookies({}, first.headers.getSetCookie())
    const before = await getIdCalls()
    const again = await fetch('/api/session', { headers: { cookie: cookieHeader(jar) } })
    expect(await getIdCalls() - before).toBe(0)
    expect((await again.json() as Session).identityId).toBe((await first.json() as Session).identityId)
    expect(again.headers.getSetCookie()).toEqual([])
  })
})

describe('signed-in identities', () => {
  it('each user gets their own, stable identity with authenticated credentials', async () => {
    const alice = cookieHeader(await signIn('alice'))
    const bob = cookieHeader(await signIn('bob@example.com'))
    const [a1, a2, b1] = await Promise.all([alice, alice, bob].map(cookie => $fetch<Session>('/api/session', { headers: { cookie } })))
    expect(a1).toMatchObject({ credentials: 'auth', username: 'alice' })
    expect(a2!.identityId).toBe(a1!.identityId)
    expect(b1).toMatchObject({ credentials: 'auth', username: 'bob@example.com' })
    expect(b1!.identityId).not.toBe(a1!.identityId)
  })

  it('signing in after browsing as a guest replaces the guest identity and clears its cookie', async () => {
    const guest = await fetch('/api/session')
    const guestId = (await guest.json() as Session).identityId
    const jar = applySetCookies(await signIn('alice'), guest.headers.getSetCookie())
    const response = await fetch('/api/session', { headers: { cookie: cookieHeader(jar) } })
    const session = await response.json() as Session
    expect(session).toMatchObject({ credentials: 'auth', username: 'alice' })
    expect(session.identityId).not.toBe(guestId)
    const cleared = parseSetCookies(response.headers.getSetCookie()).find(c => c.name === identityCookie)
    expect(cleared?.value).toBe('')
  })
})

describe('code without a request (Nitro task)', () => {
  it('createAmplifyGuestContext() gets guest credentials, ignores the request cookies and writes none', async () => {
    const response = await fetch('/api/task', { headers: { cookie: cookieHeader(await signIn('alice')) } })
    const report = await response.json()
    expect(report).toMatchObject({ credentials: 'guest', signedIn: false, files: expect.any(Number), todos: expect.any(Number) })
    expect(report.identityId).toMatch(/^us-east-1:/)
    expect(response.headers.getSetCookie()).toEqual([])
  })
})
