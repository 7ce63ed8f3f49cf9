import { describe, expect, it } from 'vitest'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'

// The same app with guest access turned off in the identity pool config (through the runtime config
// override): anonymous requests get no AWS credentials, so AWS calls must fail clearly.
const { stack, identityPool } = loadCategories()
await setup(fixtureSetup('categories', {
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({
    Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.clientId, identityPoolId: identityPool.identityPoolId, allowGuestAccess: false } },
  }),
}))
const cookiesOf = async (username: string) => cookieHeader(await signInCookies(stack, { username, password: stackUser(stack, username).password }))

async function expectClearError(path: string, status: number, message: string) {
  const response = await fetch(path, { headers: { accept: 'application/json' } })
  expect(response.status, path).toBe(status)
  const body = await response.json()
  expect(body, path).toMatchObject({ statusCode: status, message })
  expect(JSON.stringify(body), path).not.toMatch(/at .*\.(m?js|ts):\d+/)
}

describe('without guest access', () => {
  it('an anonymous session has no identity, no credentials and writes no cookie', async () => {
    const response = await fetch('/api/session')
    expect(await response.json()).toEqual({ identityId: null, credentials: null, username: null })
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('anonymous Storage calls answer 401, not a 500', async () => {
    await expectClearError('/api/storage/list', 401, 'Not signed in.')
  })

  it('an anonymous REST call goes out unsigned and the API\'s 401 comes back as a 401', async () => {
    await expectClearError('/api/rest/echo', 401, 'Unauthorized')
  })

  it('a signed-in user still gets credentials', async () => {
    expect(await $fetch('/api/session', { headers: { cookie: await cookiesOf('alice') } })).toMatchObject({ credentials: 'auth', username: 'alice' })
    expect(await $fetch('/api/storage/list', { headers: { cookie: await cookiesOf('alice') } })).toBeInstanceOf(Array)
  })
})
