import { describe, expect, it } from 'vitest'
import { $fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import type { EchoReply } from './support/rest-echo'

// `restAuthToken: 'accessToken'` (here through its runtime variable): every REST call of a signed-in
// request carries the user's token, as API Gateway Cognito authorizers want; guests stay IAM-signed.
await setup(fixtureSetup('categories', { NUXT_PUBLIC_AMPLIFY_REST_AUTH_TOKEN: 'accessToken' }))
const { stack } = loadCategories()
const cookiesOf = async (username: string) => cookieHeader(await signInCookies(stack, { username, password: stackUser(stack, username).password }))

describe('restAuthToken', () => {
  it('adds the signed-in user\'s access token to every REST call', async () => {
    const echo = await $fetch<EchoReply>('/api/rest/echo', { method: 'POST', body: {}, headers: { cookie: await cookiesOf('alice') } })
    expect(echo).toMatchObject({ authorization: 'jwt', user: 'alice', tokenUse: 'access', sigv4: false })
  })

  it('a header given by the call wins over the option', async () => {
    const echo = await $fetch<EchoReply>('/api/rest/echo?token=id', { headers: { cookie: await cookiesOf('bob@example.com') } })
    expect(echo).toMatchObject({ authorization: 'jwt', user: 'bob@example.com', tokenUse: 'id' })
  })

  it('guests have no token, so their calls stay signed with guest credentials', async () => {
    const echo = await $fetch<EchoReply>('/api/rest/echo')
    expect(echo).toMatchObject({ authorization: 'sigv4' })
    expect(echo.sessionToken).toMatch(/^guest:/)
  })
})
