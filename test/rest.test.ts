import { describe, expect, it } from 'vitest'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import type { EchoReply } from './support/rest-echo'

// REST (aws-amplify/api/server) against a local echo API that reports how each call was authorized.
// Default `restAuthToken: 'none'`: Amplify signs with identity-pool credentials (SigV4).
await setup(fixtureSetup('categories'))
const { stack } = loadCategories()
const cookiesOf = async (username: string) => cookieHeader(await signInCookies(stack, { username, password: stackUser(stack, username).password }))

describe('REST with the request context', () => {
  it('a signed-in request passes its ID token as Authorization (user-pool authorizer)', async () => {
    const echo = await $fetch<EchoReply>('/api/rest/echo?token=id', { headers: { cookie: await cookiesOf('alice') } })
    expect(echo).toMatchObject({ method: 'GET', path: '/items', query: { from: 'nuxt' }, authorization: 'jwt', user: 'alice', tokenUse: 'id', sigv4: false })
  })

  it('without a token header, a signed-in request is SigV4-signed with the user\'s identity-pool credentials', async () => {
    const echo = await $fetch<EchoReply>('/api/rest/echo', { method: 'POST', body: { n: 1 }, headers: { cookie: await cookiesOf('bob@example.com') } })
    expect(echo).toMatchObject({ method: 'POST', authorization: 'sigv4', accessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/), body: { n: 1 } })
    expect(echo.sessionToken).toMatch(/^auth:us-east-1:/)
  })

  it('a guest request is signed with guest credentials', async () => {
    const echo = await $fetch<EchoReply>('/api/rest/echo')
    expect(echo).toMatchObject({ authorization: 'sigv4' })
    expect(echo.sessionToken).toMatch(/^guest:us-east-1:/)
  })

  it('in a server-rendered page the call carries the request\'s credentials', async () => {
    expect(await $fetch<string>('/', { headers: { cookie: await cookiesOf('alice') } })).toContain('REST: sigv4 auth')
    expect(await $fetch<string>('/')).toContain('REST: sigv4 guest')
  })

  it('an API that refuses the call answers with its status and message, not a 500 with a stack', async () => {
    const response = await fetch('/api/rest/forbidden', { headers: { accept: 'application/json' } })
    expect(response.status).toBe(403)
    const body = await response.json()
    expect(body).toMatchObject({ statusCode: 403, message: 'This path is not allowed.' })
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(m?js|ts):\d+/)
  })
})
