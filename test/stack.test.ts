// The local Cognito test stack itself, exercised with real Amplify sign-ins and refreshes.
// Uses the run-wide stack from test/support/global-setup.ts; anything that flips shim modes
// uses a private shim, because other test files share the run-wide one.
import { fetchAuthSession } from 'aws-amplify/auth'
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CognitoShim } from './support/cognito-shim'
import { createUser, startPrivateShim } from './support/stack'
import { loadStack, shimCounts, type StackData, stackUser } from './support/stack-data'
import { cookieHeader, createMemoryContext, signInCookies, signInSession } from './support/sign-in'
import { tamper } from './support/forge'

const stack = loadStack()
const alice = stackUser(stack, 'alice')
const bob = stackUser(stack, 'bob@example.com')
const keyOf = (clientId: string, rest: string) => `CognitoIdentityServiceProvider.${clientId}.${rest}`
const lifetime = (jwt: string) => {
  const { exp, iat } = decodeJwt(jwt)
  return exp! - iat!
}

describe('sign-in cookies', () => {
  it('signs alice in and yields the browser cookies', async () => {
    const cookies = await signInCookies(stack, alice)
    const user = (name: string) => keyOf(stack.clientId, `alice.${name}`)
    expect(cookies[keyOf(stack.clientId, 'LastAuthUser')]).toBe('alice')
    for (const name of ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails']) {
      expect(cookies[user(name)], name).toBeTruthy()
    }
    expect(JSON.parse(cookies[user('signInDetails')]!)).toEqual({ loginId: 'alice', authFlowType: 'USER_PASSWORD_AUTH' })

    const access = decodeJwt(cookies[user('accessToken')]!)
    expect(access).toMatchObject({ username: 'alice', client_id: stack.clientId, token_use: 'access', iss: stack.issuer })
    const id = decodeJwt(cookies[user('idToken')]!)
    expect(id).toMatchObject({ 'cognito:username': 'alice', 'email': alice.email, 'aud': stack.clientId, 'token_use': 'id' })
    expect(lifetime(cookies[user('accessToken')]!)).toBe(24 * 3600)

    // The tokens verify against the JWKS served through the shim, with the advertised issuer.
    const before = (await shimCounts(stack)).jwks ?? 0
    const jwks = createRemoteJWKSet(new URL(stack.jwksUrl))
    await jwtVerify(cookies[user('idToken')]!, jwks, { issuer: stack.issuer, audience: stack.clientId })
    expect((await shimCounts(stack)).jwks).toBeGreaterThan(before)
    expect(`${stack.issuer}/.well-known/jwks.json`).toBe(stack.jwksUrl)
  })

  it('keeps an e-mail username verbatim in cookie names, encoded like js-cookie', async () => {
    const cookies = await signInCookies(stack, bob)
    expect(cookies[keyOf(stack.clientId, 'LastAuthUser')]).toBe('bob@example.com')
    const accessToken = cookies[keyOf(stack.clientId, 'bob@example.com.accessToken')]!
    expect(decodeJwt(accessToken)).toMatchObject({ username: 'bob@example.com', client_id: stack.clientId })

    const header = cookieHeader(cookies)
    expect(header).toContain(`${keyOf(stack.clientId, 'bob%40example.com.accessToken')}=${accessToken}`)
    expect(header).toContain(`${keyOf(stack.clientId, 'LastAuthUser')}=bob@example.com`)
    // js-cookie percent-encodes '"' and ',' in values but keeps '{' ':' '@'.
    expect(header).toContain('signInDetails={%22loginId%22:%22bob@example.com%22%2C%22authFlowType%22:%22USER_PASSWORD_AUTH%22}')
  })

  it('issues ~60 s access and id tokens for the short client', async () => {
    const cookies = await signInCookies(stack, { ...alice, clientId: stack.shortClientId })
    for (const name of ['accessToken', 'idToken']) {
      const seconds = lifetime(cookies[keyOf(stack.shortClientId, `alice.${name}`)]!)
      expect(seconds).toBeGreaterThanOrEqual(30)
      expect(seconds).toBeLessThanOrEqual(120)
    }
  })

  it('rejects a wrong password with NotAuthorizedException', async () => {
    await expect(signInCookies(stack, { username: 'alice', password: 'wrong-Passw0rd!' }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
    await expect(signInCookies(stack, { username: 'nobody', password: 'x' }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('puts custom attributes in the id token (room for > 4 KB id tokens)', async () => {
    const user = { username: `bio-${Date.now()}`, email: 'bio@example.com', name: 'Long Bio', password: alice.password }
    await createUser(stack, user, { 'custom:bio': 'b'.repeat(2048) })
    const cookies = await signInCookies(stack, user)
    const idToken = cookies[keyOf(stack.clientId, `${user.username}.idToken`)]!
    expect(decodeJwt(idToken)['custom:bio']).toHaveLength(2048)
    expect(idToken.length).toBeGreaterThan(3000)
  })
})

describe('refresh through Amplify', () => {
  it('refreshes via GetTokensFromRefreshToken (translated by the shim) and stores the new tokens', async () => {
    const session = await signInSession(stack, { ...alice, clientId: stack.shortClientId })
    const key = (name: string) => keyOf(stack.shortClientId, `alice.${name}`)
    const old = session.storage.toObject()
    const before = (await shimCounts(stack)).GetTokensFromRefreshToken ?? 0
    await new Promise(resolve => setTimeout(resolve, 1100)) // new `iat`

    const { tokens } = await fetchAuthSession(session.ctx, { forceRefresh: true })
    const access = tokens!.accessToken.toString()
    expect(access).not.toBe(old[key('accessToken')])
    expect(tokens!.accessToken.payload.iat).toBeGreaterThan(decodeJwt(old[key('accessToken')]!).iat!)
    expect(tokens!.idToken!.toString()).not.toBe(old[key('idToken')])
    expect(session.storage.items.get(key('accessToken'))).toBe(access)
    expect(session.storage.items.get(key('refreshToken'))).toBe(old[key('refreshToken')])
    expect(lifetime(access)).toBeLessThanOrEqual(120)
    expect((await shimCounts(stack)).GetTokensFromRefreshToken).toBeGreaterThanOrEqual(before + 1)
  })

  it('treats an unknown refresh token as signed out and clears the tokens', async () => {
    const cookies = await signInCookies(stack, alice)
    cookies[keyOf(stack.clientId, 'alice.refreshToken')] = 'not-a-refresh-token'
    const { ctx, storage } = createMemoryContext(stack, { cookies })
    const { tokens } = await fetchAuthSession(ctx, { forceRefresh: true })
    expect(tokens).toBeUndefined()
    expect(storage.items.get(keyOf(stack.clientId, 'alice.accessToken'))).toBeUndefined()
  })
})

describe('private shim modes', () => {
  let own: StackData
  let shim: CognitoShim
  beforeAll(async () => {
    ({ stack: own, shim } = await startPrivateShim(stack))
  })
  afterAll(() => shim?.stop())
  const post = (target: string, body: unknown, signal?: AbortSignal) => fetch(own.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
    signal,
  })

  it('RevokeToken is cognito-local\'s own: a revoked refresh token is refused afterwards, and revoking it again is refused', async () => {
    const session = await signInSession(own, alice)
    const refreshToken = session.storage.items.get(keyOf(stack.clientId, 'alice.refreshToken'))
    const revoked = await post('RevokeToken', { ClientId: stack.clientId, Token: refreshToken })
    expect(revoked.status).toBe(200)
    expect(await revoked.json()).toEqual({})
    expect((await fetchAuthSession(session.ctx, { forceRefresh: true })).tokens).toBeUndefined()
    const again = await post('RevokeToken', { ClientId: stack.clientId, Token: refreshToken })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ __type: 'NotAuthorizedException' })
  })

  it('GlobalSignOut refuses a forged access token, revokes the user\'s refresh tokens for a genuine one; calls are counted per target over HTTP', async () => {
    shim.resetCounts()
    const session = await signInSession(own, alice)
    const accessToken = session.storage.items.get(keyOf(stack.clientId, 'alice.accessToken'))!
    const forged = await post('GlobalSignOut', { AccessToken: tamper(accessToken, { username: 'bob@example.com' }) })
    expect(forged.status).toBe(400)
    expect(await forged.json()).toMatchObject({ __type: 'NotAuthorizedException' })
    expect((await fetchAuthSession(session.ctx, { forceRefresh: true })).tokens?.accessToken).toBeDefined() // still signed in

    const signedOut = await post('GlobalSignOut', { AccessToken: accessToken })
    expect(signedOut.status).toBe(200)
    expect(await signedOut.json()).toEqual({})
    expect((await fetchAuthSession(session.ctx, { forceRefresh: true })).tokens).toBeUndefined()

    const counts = await (await fetch(`${own.endpoint}/__shim/counts`)).json()
    expect(counts).toMatchObject({ InitiateAuth: 1, GlobalSignOut: 2, GetTokensFromRefreshToken: 2 })
    await fetch(`${own.endpoint}/__shim/reset`, { method: 'POST' })
    expect(shim.counts()).toEqual({})
  })

  it('simulates an unavailable Cognito: error500 keeps tokens, hang never answers, reset drops', async () => {
    const session = await signInSession(own, alice)
    const stored = session.storage.toObject()
    const modeRes = await fetch(`${own.endpoint}/__shim/mode`, { method: 'POST', body: JSON.stringify({ mode: 'error500' }) })
    expect(await modeRes.json()).toMatchObject({ mode: 'error500' })
    try {
      await expect(fetchAuthSession(session.ctx, { forceRefresh: true })).rejects.toMatchObject({ name: 'InternalErrorException' })
      expect(session.storage.toObject()).toEqual(stored)

      shim.configure({ mode: 'hang' })
      await expect(post('InitiateAuth', {}, AbortSignal.timeout(300))).rejects.toMatchObject({ name: 'TimeoutError' })
      expect((await fetch(own.jwksUrl)).status).toBe(200) // JWKS unaffected unless { jwks: true }

      shim.configure({ mode: 'reset' })
      await expect(post('InitiateAuth', {})).rejects.toThrow()
    }
    finally {
      shim.configure({ mode: 'normal' })
    }
    expect((await fetchAuthSession(session.ctx, { forceRefresh: true })).tokens).toBeDefined()
  })
})
