import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, eventHandler, toNodeListener, type H3Event } from 'h3'
import { createKeyValueStorageFromCookieStorageAdapter, createUserPoolsTokenProvider } from 'aws-amplify/adapter-core'
import { createCookieStorageAdapter } from '../../src/runtime/server/cookies/cookie-adapter'
import { RequestRef } from '../../src/runtime/server/context/request-ref'
import { boundGetTokens } from '../../src/runtime/server/tokens/bounded-token-provider'
import { parseSetCookies } from '../support/cookies'
import { withCookie } from '../support/forge'
import { cookieHeader, signInCookies } from '../support/sign-in'
import { loadStack, stackUser } from '../support/stack-data'

// The contract of boundGetTokens on a refused refresh: Amplify answers `null` and clears the token
// cookies without awaiting the deletions (TokenOrchestrator.handleErrors), so the bounded call may
// only resolve once they are written. Checked with the tightest handler there is: it answers the
// moment getTokens resolves, on a real h3 response, with Amplify's own token provider refreshing
// against the emulator (its answer to an unknown refresh token: NotAuthorizedException).
const stack = loadStack()
const auth = { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.clientId, userPoolEndpoint: stack.endpoint } }
const ATTRIBUTES = { sameSite: 'lax', secure: true, path: '/', maxAge: 3600 } as const

let server: Server
let base: string
beforeAll(async () => {
  const app = createApp().use(eventHandler(async (event: H3Event) => {
    const adapter = createCookieStorageAdapter(new RequestRef(event), ATTRIBUTES)
    const provider = createUserPoolsTokenProvider(auth, createKeyValueStorageFromCookieStorageAdapter(adapter, undefined, ATTRIBUTES))
    const getTokens = boundGetTokens(provider.getTokens, { timeoutMs: 5000, onOutage: () => undefined, clearSession: () => Promise.resolve() })
    // What the response holds the moment the call resolves (before anything else can run).
    let atResolution: unknown
    const tokens = await getTokens().then((value) => {
      atResolution = event.node.res.getHeader('set-cookie')
      return value
    })
    return { tokens, atResolution }
  }))
  server = createServer(toNodeListener(app))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise(resolve => server.close(resolve)))

describe('a refused refresh', () => {
  it('resolves to null only after the token cookies\' deletions are on the response', async () => {
    const signedIn = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
    // A clockDrift two days ahead makes the 24 h tokens expired for Amplify; the refresh token is unknown to Cognito.
    const jar = withCookie(withCookie(signedIn, 'clockDrift', String(2 * 24 * 3600 * 1000)), 'refreshToken', 'not-a-refresh-token')
    const response = await fetch(base, { headers: { cookie: cookieHeader(jar) } })
    const body = await response.json()
    expect(body.tokens).toBeNull()
    expect(body.atResolution).toEqual(response.headers.getSetCookie())
    const deleted = parseSetCookies(response.headers.getSetCookie()).filter(c => c.attributes['max-age'] === '0').map(c => c.name)
    const prefix = `CognitoIdentityServiceProvider.${stack.clientId}`
    expect(deleted).toEqual(expect.arrayContaining(['accessToken', 'idToken', 'refreshToken', 'clockDrift'].map(key => `${prefix}.alice.${key}`).concat(`${prefix}.LastAuthUser`)))
  })
})
