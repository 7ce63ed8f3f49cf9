import { describe, expect, it } from 'vitest'
import { $fetch, getServerLogs, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { cookieOf, resign, strangerKey, withCookie } from './support/forge'

// `verifyTokens: false` (here through its runtime variable) really turns verification off: the
// forged token that security.test.ts proves rejected by default is accepted. This is what the
// option's warning is about.
await setup(fixtureSetup('basic', { NUXT_PUBLIC_AMPLIFY_VERIFY_TOKENS: 'false' }))
const stack = loadStack()

describe('verifyTokens: false', () => {
  it('accepts a token signed by anyone', async () => {
    const alice = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
    const key = await strangerKey()
    const claims = { 'sub': 'forged-sub', 'username': 'mallory', 'cognito:username': 'mallory' }
    const forged = withCookie(withCookie(alice, 'accessToken', await resign(cookieOf(alice, 'accessToken'), key, claims)), 'idToken', await resign(cookieOf(alice, 'idToken'), key, claims))
    expect(await $fetch('/api/user', { headers: { cookie: cookieHeader(forged) } })).toMatchObject({ user: { username: 'mallory', userId: 'forged-sub' } })
  })

  it('warns once per server process, though server routes and page rendering are two bundles', async () => {
    const alice = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
    for (let i = 0; i < 3; i++) {
      await $fetch('/api/user', { headers: { cookie: cookieHeader(alice) } })
      await $fetch('/', { headers: { cookie: cookieHeader(alice) } })
    }
    expect(getServerLogs().filter(line => line.includes('verifyTokens is off')).length).toBe(1)
  })
})
