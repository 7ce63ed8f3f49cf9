import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { refreshTokenWorks, startBasicServer } from './support/fixture-server'
import { RouteClient } from './support/auth-routes'
import { postFrom, startForwardingProxy } from './support/client-addresses'
import { codeLogMark, waitForCode } from './support/codes'
import { userContextRecords, type UserContextRecord } from './support/shim-user-context'
import { createUser, DEFAULT_PASSWORD } from './support/stack'
import { loadStack } from './support/stack-data'
import { authRoutePath, type AuthRouteName } from '../src/runtime/shared/auth-routes'
import { MAX_ENCODED_DATA } from '../src/runtime/shared/user-context'

// Threat protection: every Cognito call the auth routes make for a browser carries that browser's
// `UserContextData`, which the shim checks and records (test/support/shim-user-context.ts). Each
// "browser" connects from an address of its own in 127.0.0.0/8 (test/support/client-addresses.ts),
// and sends a spoofed X-Forwarded-For. `direct` trusts no proxy (the default); `proxied` is told
// (NUXT_PUBLIC_AMPLIFY_TRUSTED_PROXIES=1) that one proxy stands in front of it.
const stack = loadStack()
const SPOOFED = '203.0.113.7'
let direct: RunningServer
let proxied: RunningServer
let proxy: { url: string, stop(): Promise<void> }

beforeAll(async () => {
  ;[direct, proxied] = await Promise.all([
    startBasicServer({ NUXT_PUBLIC_AMPLIFY_SESSION: 'server' }),
    startBasicServer({ NUXT_PUBLIC_AMPLIFY_SESSION: 'server', NUXT_PUBLIC_AMPLIFY_TRUSTED_PROXIES: '1' }),
  ])
  proxy = await startForwardingProxy(proxied.url)
}, 120_000)
afterAll(async () => {
  await proxy?.stop()
  await Promise.all([direct?.stop(), proxied?.stop()])
})

const route = (base: string, name: AuthRouteName) => `${base}${authRoutePath('/api/amplify', name)}`
async function newUser(prefix: string) {
  return createUser(stack, { username: `${prefix}-${randomBytes(4).toString('hex')}`, password: DEFAULT_PASSWORD, email: 'uc@example.com', name: 'UC' })
}
/** The shim's record of the last call of `operation` made for `username`. */
async function lastRecord(username: string, operation: string): Promise<UserContextRecord | undefined> {
  return (await userContextRecords(stack, username)).filter(record => record.operation === operation).pop()
}

describe('IpAddress', () => {
  it('is the connection\'s address on every Cognito call of every route, and a spoofed X-Forwarded-For is ignored', async () => {
    const from = '127.0.0.2'
    const username = `uc-all-${randomBytes(4).toString('hex')}`
    const post = async (name: AuthRouteName, body: Record<string, unknown>) => {
      const answer = await postFrom(from, route(direct.url, name), body, { 'x-forwarded-for': SPOOFED })
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(200)
      return answer
    }
    let mark = codeLogMark(stack)
    await post('signUp', { username, password: DEFAULT_PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } })
    await waitForCode(stack, username, { after: mark })
    mark = codeLogMark(stack)
    await post('resendSignUpCode', { username })
    await post('confirmSignUp', { username, confirmationCode: await waitForCode(stack, username, { after: mark }) })
    await post('signIn', { username, password: DEFAULT_PASSWORD }) // SRP: InitiateAuth, RespondToAuthChallenge
    mark = codeLogMark(stack)
    await post('resetPassword', { username })
    await post('confirmResetPassword', { username, confirmationCode: await waitForCode(stack, username, { after: mark }), newPassword: `${DEFAULT_PASSWORD}-2` })

    const records = await userContextRecords(stack, username)
    expect(new Set(records.map(record => record.operation))).toEqual(new Set(['SignUp', 'ResendConfirmationCode', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'ForgotPassword', 'ConfirmForgotPassword']))
    for (const record of records) expect(record, record.operation).toMatchObject({ present: true, ipAddress: from })
  })

  it('with trustedProxies = 1 behind a proxy: the address the proxy saw, not the client\'s own X-Forwarded-For nor the proxy\'s', async () => {
    const user = await newUser('uc-proxy')
    const answer = await postFrom('127.0.0.3', route(proxy.url, 'signIn'), { username: user.username, password: user.password }, { 'x-forwarded-for': SPOOFED })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(answer.body).toMatchObject({ isSignedIn: true })
    expect(await lastRecord(user.username, 'InitiateAuth')).toMatchObject({ ipAddress: '127.0.0.3' })
    expect(await lastRecord(user.username, 'RespondToAuthChallenge')).toMatchObject({ ipAddress: '127.0.0.3' })
  })

  it('without trustedProxies, behind the same kind of proxy: the proxy\'s address (the header is not believed)', async () => {
    const plainProxy = await startForwardingProxy(direct.url)
    try {
      const user = await newUser('uc-untrusted')
      const answer = await postFrom('127.0.0.4', route(plainProxy.url, 'signIn'), { username: user.username, password: user.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } }, { 'x-forwarded-for': SPOOFED })
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      expect(await lastRecord(user.username, 'InitiateAuth')).toMatchObject({ ipAddress: '127.0.0.1' })
    }
    finally {
      await plainProxy.stop()
    }
  })

  it('with trustedProxies = 1, a malformed or huge X-Forwarded-For falls back to the connection and the route answers cleanly', async () => {
    const user = await newUser('uc-malformed')
    const from = '127.0.0.5'
    const cases: Array<[header: string, expected: string]> = [
      ['not-an-ip', from],
      [' , , ', from],
      ['999.1.1.1', from],
      ['1.2.3.4, <script>', from],
      ['01.2.3.4', from],
      ['fe80::1%eth0', from],
      ['a'.repeat(8000), from],
      [`${'198.51.100.1, '.repeat(700)}not-an-ip`, from],
      // What proxies really write: a port, brackets, IPv6 in any case, IPv4-mapped IPv6.
      ['198.51.100.4:8080', '198.51.100.4'],
      ['[2001:DB8::1]:443', '2001:db8::1'],
      ['10.0.0.1,2001:db8::5', '2001:db8::5'],
      ['::ffff:198.51.100.9', '198.51.100.9'],
    ]
    for (const [header, expected] of cases) {
      const answer = await postFrom(from, route(proxied.url, 'signIn'), { username: user.username, password: 'wrong-password', options: { authFlowType: 'USER_PASSWORD_AUTH' } }, { 'x-forwarded-for': header })
      expect(answer.status, header.slice(0, 40)).toBe(401)
      expect(answer.body?.data?.name, header.slice(0, 40)).toBe('NotAuthorizedException')
      expect((await lastRecord(user.username, 'InitiateAuth'))?.ipAddress, header.slice(0, 40)).toBe(expected)
    }
  })
})

describe('EncodedData from the page', () => {
  const wrongSignIn = (username: string, extra: Record<string, unknown>) =>
    postFrom('127.0.0.6', route(direct.url, 'signIn'), { username, password: 'wrong-password', options: { authFlowType: 'USER_PASSWORD_AUTH' }, ...extra })

  it('goes to Cognito with each call of the route, beside the address (JSON and form posts)', async () => {
    const user = await newUser('uc-encoded')
    const encodedData = Buffer.from(JSON.stringify({ payload: '{"contextData":{}}', signature: 'sig', version: 'JS20171115' })).toString('base64')
    const answer = await postFrom('127.0.0.6', route(direct.url, 'signIn'), { username: user.username, password: user.password, encodedData })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(await lastRecord(user.username, 'InitiateAuth')).toMatchObject({ ipAddress: '127.0.0.6', encodedData })
    expect(await lastRecord(user.username, 'RespondToAuthChallenge')).toMatchObject({ ipAddress: '127.0.0.6', encodedData })

    const form = new URLSearchParams({ username: user.username, password: 'wrong-password', encodedData: 'Zm9ybQ==' }).toString()
    expect((await postFrom('127.0.0.6', route(direct.url, 'signIn'), form)).status).toBe(303)
    expect(await lastRecord(user.username, 'InitiateAuth')).toMatchObject({ encodedData: 'Zm9ybQ==' })
  })

  it('is left out, and the call made all the same, when it is no script output: too long, not base64, not a string', async () => {
    const user = await newUser('uc-badencoded')
    for (const encodedData of ['A'.repeat(MAX_ENCODED_DATA + 1), '<img src=x>', 'line\r\nbreak', { EncodedData: 'x' }, ['x'], 12]) {
      const answer = await wrongSignIn(user.username, { encodedData })
      const label = JSON.stringify(encodedData).slice(0, 30)
      expect(answer.body?.data?.name, label).toBe('NotAuthorizedException')
      const record = await lastRecord(user.username, 'InitiateAuth')
      expect(record, label).toMatchObject({ present: true, ipAddress: '127.0.0.6' })
      expect(record?.encodedData, label).toBeUndefined()
    }
    // The longest accepted passes whole.
    await wrongSignIn(user.username, { encodedData: 'B'.repeat(MAX_ENCODED_DATA) })
    expect((await lastRecord(user.username, 'InitiateAuth'))?.encodedData).toHaveLength(MAX_ENCODED_DATA)
  })
})

describe('calls that do not take UserContextData', () => {
  it('go without it: sign-out (RevokeToken) still revokes, even when the page posts encodedData', async () => {
    const user = await newUser('uc-signout')
    const browser = new RouteClient(direct.url)
    const signIn = await browser.post('signIn', { username: user.username, password: user.password, options: { authFlowType: 'USER_PASSWORD_AUTH' }, encodedData: 'c2lnbi1pbg==' })
    expect(signIn.body).toMatchObject({ isSignedIn: true })
    const refreshToken = browser.jar[`CognitoIdentityServiceProvider.${stack.clientId}.${user.username}.refreshToken`]!
    expect((await browser.post('signOut', { encodedData: 'c2lnbi1vdXQ=' })).status).toBe(200)
    // The shim refuses UserContextData on RevokeToken as Cognito's API does; sign-out would hide that refusal.
    expect(await refreshTokenWorks(stack, stack.clientId, refreshToken)).toBe(false)
  })
})
