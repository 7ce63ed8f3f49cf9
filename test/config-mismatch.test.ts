import { afterAll, describe, expect, it } from 'vitest'
import { fetch, getServerLogs, startServer, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { cookieOf, withCookie } from './support/forge'
import { jwtPayload } from './support/cookies'
import { startJwksStandIn } from './support/jwks-stand-in'

// A server whose expected issuer or app client differs from the tokens' fails closed (everyone is
// anonymous) and says why in its log: once per distinct reason, naming expected and actual values
// and the option that fixes it, never a token. Keys from the loopback stand-in (jwks-stand-in.ts).
const stack = loadStack()
const keys = await startJwksStandIn()
afterAll(() => keys.stop())
const env = { NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: keys.issuer, NUXT_PUBLIC_AMPLIFY_JWKS_URL: keys.jwksUrl }
await setup(fixtureSetup('basic', env))
const alice = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })

async function session(patch: Record<string, string> = {}): Promise<string> {
  const access = await keys.sign({ ...jwtPayload(cookieOf(alice, 'accessToken')), iss: keys.issuer, ...patch.client && { client_id: patch.client } })
  const id = await keys.sign({ ...jwtPayload(cookieOf(alice, 'idToken')), iss: keys.issuer, ...patch.client && { aud: patch.client } })
  return cookieHeader(withCookie(withCookie(alice, 'accessToken', access), 'idToken', id))
}
async function expectAnonymous(cookie: string) {
  expect(await (await fetch('/api/user', { headers: { cookie } })).json()).toEqual({ user: null })
  expect((await fetch('/api/protected', { headers: { cookie, accept: 'application/json' } })).status).toBe(401)
}
const warnings = () => getServerLogs().filter(line => line.includes('[nuxt-amplify]'))

describe('misconfiguration is logged, once per reason', () => {
  it('a trailing slash in tokenIssuer: anonymous, one line naming both issuers and the option', async () => {
    await startServer({ env: { ...env, NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: `${keys.issuer}/` } })
    for (let i = 0; i < 3; i++) await expectAnonymous(await session())
    const lines = warnings().filter(line => line.includes('issuer'))
    expect(lines.length).toBe(1)
    expect(lines[0]).toContain(`"${keys.issuer}"`)
    expect(lines[0]).toContain(`"${keys.issuer}/"`)
    expect(lines[0]).toContain('tokenIssuer')
    expect(getServerLogs().join('\n')).not.toMatch(/eyJ[\w-]+\.eyJ/) // no token in the log
  })

  it('tokens of another app client: anonymous, one line naming both clients', async () => {
    await startServer({ env })
    expect(await (await fetch('/api/user', { headers: { cookie: await session() } })).json()).toMatchObject({ user: { username: 'alice' } })
    for (let i = 0; i < 3; i++) await expectAnonymous(await session({ client: 'another-app-client' }))
    const lines = warnings().filter(line => line.includes('another-app-client'))
    expect(lines.length).toBe(1)
    expect(lines[0]).toContain(stack.clientId)
    expect(lines[0]).toContain('userPoolClientId')
  })

  it('the set of logged reasons cannot grow without bound from input', async () => {
    await startServer({ env })
    for (let i = 0; i < 40; i++) await expectAnonymous(await session({ client: `client-${i}` }))
    const lines = warnings().filter(line => /client-\d+/.test(line))
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.length).toBeLessThanOrEqual(32)
  })
})
