// Remembered devices with server sessions: the sign-in routes do the device flow themselves (ConfirmDevice
// after a new device's sign-in, DEVICE_SRP_AUTH at the next one) and keep the device's keys and secret in
// HttpOnly cookies; rememberDevice / forgetDevice / fetchDevices through their routes. Against the shim's
// device stand-in (test/support/shim-devices.ts), on a pool that tracks devices, given to the basic build
// at run time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { startBasicServer } from './support/fixture-server'
import { RouteClient } from './support/auth-routes'
import { loadStack, type StackData, type StackUser } from './support/stack-data'
import { poolWithDevices, userWithTotp } from './support/devices'
import { totp } from './support/totp'

const stack = loadStack()
let server: RunningServer
let pool: StackData

beforeAll(async () => {
  pool = await poolWithDevices(stack)
  server = await startBasicServer({
    NUXT_PUBLIC_AMPLIFY_SESSION: 'server',
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: `${stack.issuerDomain}/${pool.userPoolId}`,
  })
}, 120_000)
afterAll(async () => {
  await server?.stop()
})

type Flow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH'
interface Device { id: string, name?: string, attributes: Record<string, string>, createDate?: string }
const DEVICE_PARTS = ['deviceKey', 'deviceGroupKey', 'randomPasswordKey'] as const
const deviceCookie = (user: StackUser, part: typeof DEVICE_PARTS[number]) => `CognitoIdentityServiceProvider.${pool.clientId}.${user.username}.${part}`

async function signIn(browser: RouteClient, user: StackUser, authFlowType: Flow = 'USER_SRP_AUTH') {
  return await browser.post<{ isSignedIn: boolean, nextStep: { signInStep: string } }>('signIn', { username: user.username, password: user.password, options: { authFlowType } })
}
/** A sign-in that must ask for the TOTP code; then signed in with it. */
async function signInWithMfa(browser: RouteClient, user: StackUser, secret: string, authFlowType: Flow = 'USER_SRP_AUTH') {
  expect((await signIn(browser, user, authFlowType)).body).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } })
  expect((await browser.post('confirmSignIn', { challengeResponse: totp(secret) })).body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
}
const devices = async (browser: RouteClient) => (await browser.post<{ devices: Device[] }>('fetchDevices', {})).body.devices

describe('remembered devices (server sessions)', () => {
  for (const authFlowType of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
    it(`${authFlowType}: MFA, device confirmed in HttpOnly cookies; remembered → next sign-in without MFA; forgotten → MFA again`, async () => {
      const { user, secret } = await userWithTotp(pool)
      const browser = new RouteClient(server.url)
      expect((await signIn(browser, user, authFlowType)).body).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } })
      const confirmed = await browser.post('confirmSignIn', { challengeResponse: totp(secret) })
      expect(confirmed.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
      for (const part of DEVICE_PARTS) {
        const cookie = confirmed.setCookies.find(c => c.name === deviceCookie(user, part))
        expect(cookie?.value, part).toBeTruthy()
        expect(cookie?.attributes.httponly, part).toBe(true)
      }
      const deviceKey = browser.jar[deviceCookie(user, 'deviceKey')]!
      expect(await devices(browser)).toContainEqual(expect.objectContaining({ id: deviceKey, attributes: expect.objectContaining({ 'dev:device_remembered_status': 'not_remembered' }) }))

      // Confirmed, not remembered: the device signs in (device SRP) but MFA is still asked. The device outlives sign-out.
      expect((await browser.post('signOut', {})).status).toBe(200)
      expect(browser.jar[deviceCookie(user, 'deviceKey')]).toBe(deviceKey)
      await signInWithMfa(browser, user, secret, authFlowType)

      expect((await browser.post('rememberDevice', {})).body).toEqual({})
      const listed = (await devices(browser)).find(d => d.id === deviceKey)
      expect(listed).toMatchObject({ attributes: { 'dev:device_remembered_status': 'remembered' } })
      expect(new Date(listed!.createDate!).getTime()).toBeGreaterThan(Date.now() - 10 * 60_000)

      await browser.post('signOut', {})
      expect((await signIn(browser, user, authFlowType)).body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
      expect((await browser.get<{ username: string }>('/api/me')).body.username).toBe(user.username)
      expect(browser.jar[deviceCookie(user, 'deviceKey')]).toBe(deviceKey)

      expect((await browser.post('forgetDevice', {})).body).toEqual({})
      for (const part of DEVICE_PARTS) expect(browser.jar[deviceCookie(user, part)], part).toBeUndefined()
      expect((await devices(browser)).map(d => d.id)).not.toContain(deviceKey)
      await browser.post('signOut', {})
      await signInWithMfa(browser, user, secret, authFlowType)
    })
  }

  it('another user\'s device secret and a forged device key skip no MFA; a wrong device secret is refused; signed out, the device routes refuse', async () => {
    const alice = await userWithTotp(pool)
    const bob = await userWithTotp(pool)
    const aliceBrowser = new RouteClient(server.url)
    await signInWithMfa(aliceBrowser, alice.user, alice.secret)
    await aliceBrowser.post('rememberDevice', {})
    await aliceBrowser.post('signOut', {})
    const aliceDevice = Object.fromEntries(DEVICE_PARTS.map(part => [part, aliceBrowser.jar[deviceCookie(alice.user, part)]!]))

    // Bob's browser holding Alice's remembered device under his name: Cognito knows no such device of Bob's.
    const bobBrowser = new RouteClient(server.url, Object.fromEntries(DEVICE_PARTS.map(part => [deviceCookie(bob.user, part), aliceDevice[part]!])))
    await signInWithMfa(bobBrowser, bob.user, bob.secret)
    expect(bobBrowser.jar[deviceCookie(bob.user, 'deviceKey')]).not.toBe(aliceDevice.deviceKey)

    // Alice with a forged device key (well-formed, unknown): MFA.
    const forged = new RouteClient(server.url, { ...aliceBrowser.jar, [deviceCookie(alice.user, 'deviceKey')]: `${pool.userPoolId.split('_')[0]}_${crypto.randomUUID()}` })
    await signInWithMfa(forged, alice.user, alice.secret)

    // Alice's device key with a wrong secret: the device verifier fails, no session.
    const wrong = new RouteClient(server.url, { ...aliceBrowser.jar, [deviceCookie(alice.user, 'randomPasswordKey')]: `${aliceDevice.randomPasswordKey}x` })
    const refused = await signIn(wrong, alice.user)
    expect(refused.status).toBe(401)
    expect(refused.body).toMatchObject({ data: { name: 'NotAuthorizedException' } })
    expect(Object.keys(wrong.jar).filter(name => /\.(?:accessToken|idToken|refreshToken)$/.test(name))).toEqual([])

    // A malformed device cookie is no device (never sent to Cognito): a plain sign-in with MFA.
    const malformed = new RouteClient(server.url, { ...aliceBrowser.jar, [deviceCookie(alice.user, 'deviceKey')]: `x\r\n%0d;${'k'.repeat(3000)}` })
    await signInWithMfa(malformed, alice.user, alice.secret)
    const badId = await malformed.post('forgetDevice', { device: { id: '../x\r\n' } })
    expect(badId.status).toBe(400)
    expect(badId.body).toMatchObject({ data: { name: 'InvalidParameterException' } })

    // Her own browser still skips MFA.
    expect((await signIn(aliceBrowser, alice.user)).body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })

    const anonymous = new RouteClient(server.url)
    for (const route of ['rememberDevice', 'forgetDevice', 'fetchDevices'] as const) {
      const answer = await anonymous.post(route, {})
      expect(answer.status, route).toBe(401)
      expect(answer.body, route).toMatchObject({ data: { name: 'UserUnAuthenticatedException' } })
    }
  })
})
