// Remembered devices through the emulator shim (test/support/shim-devices.ts), driven by Amplify's
// own signIn / confirmSignIn / rememberDevice / fetchDevices / forgetDevice in Node: the device is
// confirmed with Amplify's verifier and proven with Amplify's device SRP.
import { confirmSignIn, fetchAuthSession, fetchDevices, forgetDevice, rememberDevice, signIn, signOut } from 'aws-amplify/auth'
import { afterEach, describe, expect, it } from 'vitest'
import type { StackUser } from './support/stack'
import { loadStack } from './support/stack-data'
import { createMemoryContext, type MemoryContext } from './support/sign-in'
import { poolWithDevices as poolWithDevicesOf, userWithTotp } from './support/devices'
import { cognitoCall, observeCognito, stopObservingCognito } from './support/cognito-calls'
import { totp } from './support/totp'

const stack = loadStack()
afterEach(stopObservingCognito)
const poolWithDevices = () => poolWithDevicesOf(stack)

/** Sign-in with the TOTP step; resolves once signed in. */
async function signInWithMfa(ctx: MemoryContext['ctx'], user: StackUser, secret: string, authFlowType: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' = 'USER_SRP_AUTH') {
  expect(await signIn(ctx, { username: user.username, password: user.password, options: { authFlowType } })).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } })
  expect(await confirmSignIn(ctx, { challengeResponse: totp(secret) })).toMatchObject({ isSignedIn: true })
}

const deviceItems = (memory: MemoryContext, user: StackUser) => {
  const prefix = `CognitoIdentityServiceProvider.${memory.config.Auth.Cognito.userPoolClientId}.${user.username}.`
  return { deviceKey: memory.storage.items.get(`${prefix}deviceKey`), deviceGroupKey: memory.storage.items.get(`${prefix}deviceGroupKey`), randomPassword: memory.storage.items.get(`${prefix}randomPasswordKey`), prefix }
}

describe('remembered devices', () => {
  for (const authFlowType of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
    it(`${authFlowType}: MFA once, remember the device, sign out, sign in again without MFA (device SRP); forgetDevice brings MFA back`, async () => {
      const pool = await poolWithDevices()
      const { user, secret } = await userWithTotp(pool)
      const memory = createMemoryContext(pool)
      const { ctx } = memory
      const calls = observeCognito()
      await signInWithMfa(ctx, user, secret, authFlowType)
      const confirm = calls.find(c => c.operation === 'ConfirmDevice')
      expect(confirm?.reply).toEqual({ UserConfirmationNecessary: true })
      const { deviceKey } = deviceItems(memory, user)
      expect(deviceKey).toMatch(/^[\w-]+_[\da-f-]{36}$/)

      // Confirmed but not yet remembered (the pool asks the user): MFA is still asked.
      await signOut(ctx)
      await signInWithMfa(ctx, user, secret, authFlowType)
      expect(calls.filter(c => c.operation === 'RespondToAuthChallenge' && c.body.ChallengeName === 'DEVICE_PASSWORD_VERIFIER' && c.status === 200)).toHaveLength(1)

      await rememberDevice(ctx)
      // (the set-up sign-in of userWithTotp confirmed a device of its own)
      const device = (await fetchDevices(ctx)).find(d => d.id === deviceKey)
      expect(device).toMatchObject({ name: 'vitest (Node)', attributes: { 'dev:device_remembered_status': 'remembered' } })
      expect(device!.createDate).toBeInstanceOf(Date)

      await signOut(ctx)
      expect(await signIn(ctx, { username: user.username, password: user.password, options: { authFlowType } })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
      expect(calls.filter(c => c.operation === 'RespondToAuthChallenge' && c.body.ChallengeName === 'DEVICE_PASSWORD_VERIFIER' && c.status === 200)).toHaveLength(2)
      expect(deviceItems(memory, user).deviceKey).toBe(deviceKey) // no new device
      // A refresh names the device (Amplify's refreshAuthTokens), and works.
      await fetchAuthSession(ctx, { forceRefresh: true })
      expect(calls.filter(c => c.operation === 'GetTokensFromRefreshToken').at(-1)).toMatchObject({ status: 200, body: { DeviceKey: deviceKey } })

      await forgetDevice(ctx)
      expect(deviceItems(memory, user).deviceKey).toBeUndefined()
      expect((await fetchDevices(ctx)).map(d => d.id)).not.toContain(deviceKey)
      await signOut(ctx)
      await signInWithMfa(ctx, user, secret, authFlowType)
    })
  }

  it('another user\'s device, a forged device key and a wrong device secret are refused', async () => {
    const pool = await poolWithDevices()
    const alice = await userWithTotp(pool)
    const bob = await userWithTotp(pool)
    const aliceMemory = createMemoryContext(pool)
    await signInWithMfa(aliceMemory.ctx, alice.user, alice.secret)
    await rememberDevice(aliceMemory.ctx)
    const aliceDevice = deviceItems(aliceMemory, alice.user)

    // Bob's browser holding Alice's device (key, group key and secret): Cognito does not know that device for Bob.
    const password = (user: StackUser, deviceKey: string) => ({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: user.username, PASSWORD: user.password, DEVICE_KEY: deviceKey } })
    expect(await cognitoCall(pool, 'InitiateAuth', password(bob.user, aliceDevice.deviceKey!))).toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException', message: 'Device does not exist.' } })
    const forged = `${pool.userPoolId.split('_')[0]}_${crypto.randomUUID()}`
    expect(await cognitoCall(pool, 'InitiateAuth', password(alice.user, forged))).toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException' } })
    // With Amplify: it drops the unknown device and signs in as a new device, so MFA is asked.
    const bobMemory = createMemoryContext(pool)
    const bobPrefix = deviceItems(bobMemory, bob.user).prefix
    bobMemory.storage.items.set(`${bobPrefix}deviceKey`, aliceDevice.deviceKey!)
    bobMemory.storage.items.set(`${bobPrefix}deviceGroupKey`, aliceDevice.deviceGroupKey!)
    bobMemory.storage.items.set(`${bobPrefix}randomPasswordKey`, aliceDevice.randomPassword!)
    await signInWithMfa(bobMemory.ctx, bob.user, bob.secret, 'USER_PASSWORD_AUTH')
    expect(deviceItems(bobMemory, bob.user).deviceKey).not.toBe(aliceDevice.deviceKey)

    // Alice's own device with a wrong secret: the device verifier fails.
    const wrong = createMemoryContext(pool)
    const prefix = deviceItems(wrong, alice.user).prefix
    wrong.storage.items.set(`${prefix}deviceKey`, aliceDevice.deviceKey!)
    wrong.storage.items.set(`${prefix}deviceGroupKey`, aliceDevice.deviceGroupKey!)
    wrong.storage.items.set(`${prefix}randomPasswordKey`, `${aliceDevice.randomPassword}x`)
    await expect(signIn(wrong.ctx, { username: alice.user.username, password: alice.user.password })).rejects.toMatchObject({ name: 'NotAuthorizedException' })

    // Bob's token cannot read, remember or forget Alice's device.
    const bobToken = [...bobMemory.storage.items].find(([key]) => key.endsWith(`${bob.user.username}.accessToken`))![1]
    for (const operation of ['GetDevice', 'UpdateDeviceStatus', 'ForgetDevice', 'ConfirmDevice']) {
      expect(await cognitoCall(pool, operation, { AccessToken: bobToken, DeviceKey: aliceDevice.deviceKey, DeviceRememberedStatus: 'not_remembered', DeviceSecretVerifierConfig: { PasswordVerifier: 'AQ==', Salt: 'AQ==' } }), operation)
        .toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException' } })
    }
    // Alice's device is still there and remembered.
    expect((await fetchDevices(aliceMemory.ctx)).find(d => d.id === aliceDevice.deviceKey)).toMatchObject({ attributes: { 'dev:device_remembered_status': 'remembered' } })
  })
})
