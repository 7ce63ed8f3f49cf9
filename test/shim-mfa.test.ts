// TOTP MFA through the emulator shim (test/support/shim-mfa.ts), with Amplify's own APIs and a
// real RFC 6238 authenticator (test/support/totp.ts).
import { randomBytes } from 'node:crypto'
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { confirmSignIn, fetchAuthSession, setUpTOTP, signIn, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { adminClient, createUser, DEFAULT_PASSWORD } from './support/stack'
import { loadStack, type StackData } from './support/stack-data'
import { createMemoryContext, signInSession } from './support/sign-in'
import { cognitoCall, observeCognito, stopObservingCognito } from './support/cognito-calls'
import { tamper } from './support/forge'
import { totp } from './support/totp'

const stack = loadStack()
afterEach(stopObservingCognito)
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`
const userOf = (username: string) => ({ username, email: `${username}@example.com`, name: username, password: DEFAULT_PASSWORD })
// A code from the previous 30-second step: cognito-local accepts ±1 step, so a code two steps
// away is wrong for sure, whenever the test runs.
const wrongCode = (secret: string) => totp(secret, Date.now() - 5 * 30_000)

/**
 * Another pool in the same emulator, seen through the same shim, with MFA "ON" (required) or
 * "OPTIONAL" (per user). The run-wide pool has MFA "OFF", where Cognito never asks for a code.
 */
async function poolWithMfa(mfa: 'ON' | 'OPTIONAL'): Promise<StackData> {
  const admin = adminClient(stack)
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: unique(`mfa-${mfa}`), MfaConfiguration: mfa, AutoVerifiedAttributes: ['email'] }))
    const client = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    const clientId = client.UserPoolClient!.ClientId!
    return { ...stack, userPoolId: UserPool!.Id!, clientId, shortClientId: clientId, issuer: `${stack.issuerDomain}/${UserPool!.Id!}`, users: [] }
  }
  finally {
    admin.destroy()
  }
}

describe('TOTP MFA', () => {
  it('a signed-in user sets up TOTP; the next sign-in asks for the code; a wrong code is refused, the right one signs in', async () => {
    const own = await poolWithMfa('OPTIONAL')
    const user = await createUser(own, userOf(unique('totp')))
    const session = await signInSession(own, user)
    const details = await setUpTOTP(session.ctx)
    const secret = details.sharedSecret
    await verifyTOTPSetup(session.ctx, { code: totp(secret) })
    await updateMFAPreference(session.ctx, { totp: 'PREFERRED' })

    const { ctx } = createMemoryContext(own)
    expect(await signIn(ctx, { username: user.username, password: user.password })).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } })
    await expect(confirmSignIn(ctx, { challengeResponse: wrongCode(secret) })).rejects.toMatchObject({ name: 'CodeMismatchException' })
    expect(await confirmSignIn(ctx, { challengeResponse: totp(secret) })).toMatchObject({ isSignedIn: true })
    const { tokens } = await fetchAuthSession(ctx, { forceRefresh: true })
    expect(tokens?.accessToken.payload.username).toBe(user.username)
  })

  it('MFA set-up calls with a forged access token are refused', async () => {
    const user = await createUser(stack, userOf(unique('forged')))
    const { tokens } = await fetchAuthSession((await signInSession(stack, user)).ctx)
    const forged = tamper(tokens!.accessToken.toString(), { username: 'alice' })
    for (const operation of ['AssociateSoftwareToken', 'VerifySoftwareToken', 'SetUserMFAPreference']) {
      expect(await cognitoCall(stack, operation, { AccessToken: forged, UserCode: '123456', SoftwareTokenMfaSettings: { Enabled: false } }), operation)
        .toEqual({ status: 400, body: { __type: 'NotAuthorizedException', message: 'Invalid Access Token' } })
    }
  })

  it('a pool with MFA required: MFA_SETUP → TOTP set-up in the sign-in → signed in with tokens that verify and refresh; next time the code is asked', async () => {
    const own = await poolWithMfa('ON')
    const user = await createUser(own, userOf(unique('setup')))
    const { ctx } = createMemoryContext(own)
    const calls = observeCognito()
    const first = await signIn(ctx, { username: user.username, password: user.password })
    stopObservingCognito()
    expect(first).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' } })
    const secret = (first.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails.sharedSecret
    // Skipping VerifySoftwareToken gets no tokens.
    const associated = calls.find(c => c.operation === 'AssociateSoftwareToken')!.reply
    expect(await cognitoCall(own, 'RespondToAuthChallenge', { ChallengeName: 'MFA_SETUP', ClientId: own.clientId, Session: associated.Session, ChallengeResponses: { USERNAME: user.username } }))
      .toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
    await expect(confirmSignIn(ctx, { challengeResponse: wrongCode(secret) })).rejects.toMatchObject({ name: 'CodeMismatchException' })
    expect(await confirmSignIn(ctx, { challengeResponse: totp(secret) })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })

    const { tokens } = await fetchAuthSession(ctx, { forceRefresh: true })
    const jwks = createRemoteJWKSet(new URL(`${own.endpoint}/${own.userPoolId}/.well-known/jwks.json`))
    await jwtVerify(tokens!.idToken!.toString(), jwks, { issuer: own.issuer, audience: own.clientId })

    const again = createMemoryContext(own).ctx
    expect(await signIn(again, { username: user.username, password: user.password })).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } })
    // A wrong password never reaches MFA_SETUP.
    const other = await createUser(own, userOf(unique('setup')))
    await expect(signIn(createMemoryContext(own).ctx, { username: other.username, password: `${other.password}x` })).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })
})
