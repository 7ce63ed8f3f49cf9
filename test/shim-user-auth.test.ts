// Choice-based sign-in (USER_AUTH) through the emulator shim (test/support/shim-user-auth.ts and its
// factor files), driven by Amplify's own signIn/confirmSignIn in Node; requests Amplify would never
// send go to the shim directly.
import { confirmSignIn, fetchAuthSession, signIn } from 'aws-amplify/auth'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadStack, type StackData } from './support/stack-data'
import { createMemoryContext } from './support/sign-in'
import { cognitoCall, stopObservingCognito } from './support/cognito-calls'
import { userAuthPool, userAuthUser } from './support/user-auth-pool'
import { codeLogMark, expireShimCodes, waitForCode } from './support/codes'

const stack = loadStack()
const PHONE = '+15555550123'
// Another code of the same length: wrong for sure.
const wrongCode = (code: string) => code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10)
afterEach(stopObservingCognito)
let pool: StackData

beforeAll(async () => {
  pool = await userAuthPool(stack)
})

async function signedInAs(ctx: ReturnType<typeof createMemoryContext>['ctx']): Promise<string | undefined> {
  const { tokens } = await fetchAuthSession(ctx, { forceRefresh: true })
  return tokens?.accessToken.payload.username as string | undefined
}

describe('USER_AUTH with a password', () => {
  it('preferredChallenge PASSWORD and PASSWORD_SRP sign in; a wrong password is refused', async () => {
    const user = await userAuthUser(pool, 'pw')
    for (const preferredChallenge of ['PASSWORD', 'PASSWORD_SRP'] as const) {
      const { ctx } = createMemoryContext(pool)
      const result = await signIn(ctx, { username: user.username, password: user.password, options: { authFlowType: 'USER_AUTH', preferredChallenge } })
      expect(result, preferredChallenge).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
      expect(await signedInAs(ctx)).toBe(user.username)
      const wrong = createMemoryContext(pool)
      await expect(signIn(wrong.ctx, { username: user.username, password: `${user.password}x`, options: { authFlowType: 'USER_AUTH', preferredChallenge } }), preferredChallenge)
        .rejects.toMatchObject({ name: 'NotAuthorizedException' })
    }
  })

  it('no preference: the user chooses among the challenges the pool allows and the user can use', async () => {
    const user = await userAuthUser(pool, 'choose')
    for (const choice of ['PASSWORD', 'PASSWORD_SRP']) {
      const { ctx } = createMemoryContext(pool)
      const first = await signIn(ctx, { username: user.username, options: { authFlowType: 'USER_AUTH' } })
      // No verified phone: no SMS_OTP.
      expect(first).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] } })
      expect(await confirmSignIn(ctx, { challengeResponse: choice })).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' } })
      expect(await confirmSignIn(ctx, { challengeResponse: user.password }), choice).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
      expect(await signedInAs(ctx)).toBe(user.username)
    }
  })

  it('a SELECT_CHALLENGE session answers once, for its user and client only', async () => {
    const user = await userAuthUser(pool, 'once')
    const other = await userAuthUser(pool, 'other')
    const start = await cognitoCall(pool, 'InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: user.username } })
    expect(start.body).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] })
    const answer = (username: string, password: string) => cognitoCall(pool, 'RespondToAuthChallenge', {
      ChallengeName: 'SELECT_CHALLENGE', ClientId: pool.clientId, Session: start.body.Session, ChallengeResponses: { USERNAME: username, ANSWER: 'PASSWORD', PASSWORD: password },
    })
    expect(await answer(other.username, other.password)).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
    expect((await answer(user.username, user.password)).body.AuthenticationResult?.AccessToken).toBeTypeOf('string')
    expect(await answer(user.username, user.password)).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException', message: 'Invalid session for the user.' } })
  })
})

describe('USER_AUTH with a one-time code', () => {
  it('EMAIL_OTP and SMS_OTP: the code goes to the verified address or phone, a wrong one is refused, the right one signs in', async () => {
    const user = await userAuthUser(pool, 'otp', PHONE)
    for (const [preferredChallenge, step, medium, destination] of [
      ['EMAIL_OTP', 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', 'EMAIL', user.email],
      ['SMS_OTP', 'CONFIRM_SIGN_IN_WITH_SMS_CODE', 'SMS', PHONE],
    ] as const) {
      const { ctx } = createMemoryContext(pool)
      const mark = codeLogMark(pool)
      const first = await signIn(ctx, { username: user.username, options: { authFlowType: 'USER_AUTH', preferredChallenge } })
      const masked = medium === 'SMS' ? '+*******0123' : `${user.email[0]}***@e***.com`
      expect(first).toEqual({ isSignedIn: false, nextStep: { signInStep: step, codeDeliveryDetails: { deliveryMedium: medium, destination: masked } } })
      const code = await waitForCode(pool, user.username, { after: mark, medium, destination })
      await expect(confirmSignIn(ctx, { challengeResponse: wrongCode(code) })).rejects.toMatchObject({ name: 'CodeMismatchException' })
      expect(await confirmSignIn(ctx, { challengeResponse: code })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
      expect(await signedInAs(ctx)).toBe(user.username)
    }
  })

  it('a code answers once, for its own user and sign-in; three wrong answers or 3 minutes end the sign-in', async () => {
    const alice = await userAuthUser(pool, 'alice')
    const bob = await userAuthUser(pool, 'bob')
    const start = async (username: string) => {
      const mark = codeLogMark(pool)
      const res = await cognitoCall(pool, 'InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'EMAIL_OTP' } })
      expect(res.body).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' } })
      return { session: res.body.Session as string, code: await waitForCode(pool, username, { after: mark, medium: 'EMAIL' }) }
    }
    const answer = (username: string, session: string, code: string) => cognitoCall(pool, 'RespondToAuthChallenge', {
      ChallengeName: 'EMAIL_OTP', ClientId: pool.clientId, Session: session, ChallengeResponses: { USERNAME: username, EMAIL_OTP_CODE: code },
    })
    const a = await start(alice.username)
    const b = await start(bob.username)
    // Bob's session answered with Alice's code (unless the two happen to be equal).
    if (a.code !== b.code) expect(await answer(bob.username, b.session, a.code)).toMatchObject({ status: 400, body: { __type: 'CodeMismatchException' } })
    expect((await answer(alice.username, a.session, a.code)).body.AuthenticationResult?.AccessToken).toBeTypeOf('string')
    // Used: the same answer again, or Alice's code in a new sign-in of hers.
    expect(await answer(alice.username, a.session, a.code)).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
    const again = await start(alice.username)
    if (again.code !== a.code) expect(await answer(alice.username, again.session, a.code)).toMatchObject({ status: 400, body: { __type: 'CodeMismatchException' } })

    // Three wrong answers: the right code no longer works.
    const limited = await start(bob.username)
    for (let i = 0; i < 3; i++) expect(await answer(bob.username, limited.session, wrongCode(limited.code))).toMatchObject({ body: { __type: 'CodeMismatchException' } })
    expect(await answer(bob.username, limited.session, limited.code)).toMatchObject({ status: 400 })
    expect(await answer(bob.username, limited.session, limited.code)).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
    // Expired (the shim's clock, as if 3 minutes had passed).
    const late = await start(bob.username)
    expect(await expireShimCodes(pool, bob.username)).toBeGreaterThan(0)
    expect(await answer(bob.username, late.session, late.code)).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
  })
})

describe('passwordless sign-up', () => {
  it('SignUp without a password, ConfirmSignUp with its Session, and InitiateAuth USER_AUTH with the Session it answers signs in once', async () => {
    const username = `pwless-${Date.now().toString(36)}`
    const mark = codeLogMark(pool)
    const signedUp = await cognitoCall(pool, 'SignUp', { ClientId: pool.clientId, Username: username, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] })
    expect(signedUp).toMatchObject({ status: 200, body: { UserConfirmed: false, Session: expect.any(String) } })
    const code = await waitForCode(pool, username, { after: mark })
    const confirmed = await cognitoCall(pool, 'ConfirmSignUp', { ClientId: pool.clientId, Username: username, ConfirmationCode: code, Session: signedUp.body.Session })
    expect(confirmed).toMatchObject({ status: 200, body: { Session: expect.any(String) } })
    const signIn = () => cognitoCall(pool, 'InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username }, Session: confirmed.body.Session })
    expect((await signIn()).body.AuthenticationResult?.AccessToken).toBeTypeOf('string')
    expect(await signIn()).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
    // No password of their own: only the e-mail code is offered.
    const later = await cognitoCall(pool, 'InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username } })
    expect(later.body).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['EMAIL_OTP'] })
  })

  it('a pool that allows only PASSWORD refuses a sign-up without one', async () => {
    const own = await userAuthPool(stack, { factors: ['PASSWORD'] })
    expect(await cognitoCall(own, 'SignUp', { ClientId: own.clientId, Username: `nopw-${Date.now().toString(36)}`, UserAttributes: [{ Name: 'email', Value: 'x@example.com' }] }))
      .toMatchObject({ status: 400, body: { __type: 'InvalidParameterException' } })
  })
})

describe('what Cognito refuses', () => {
  it('an app client without ALLOW_USER_AUTH', async () => {
    const own = await userAuthPool(stack, { clientFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })
    const user = await userAuthUser(own, 'noflow')
    const { ctx } = createMemoryContext(own)
    await expect(signIn(ctx, { username: user.username, password: user.password, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' })
    // The same user signs in with the flows the client does allow.
    expect(await signIn(ctx, { username: user.username, password: user.password })).toMatchObject({ isSignedIn: true })
  })

  it('a first factor the pool does not allow: not offered, not started when preferred, refused when chosen', async () => {
    const own = await userAuthPool(stack, { factors: ['PASSWORD'] })
    const user = await userAuthUser(own, 'nootp')
    const { ctx } = createMemoryContext(own)
    expect(await signIn(ctx, { username: user.username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } }))
      .toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP'] } })
    const start = await cognitoCall(own, 'InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: own.clientId, AuthParameters: { USERNAME: user.username } })
    expect(await cognitoCall(own, 'RespondToAuthChallenge', { ChallengeName: 'SELECT_CHALLENGE', ClientId: own.clientId, Session: start.body.Session, ChallengeResponses: { USERNAME: user.username, ANSWER: 'EMAIL_OTP' } }))
      .toMatchObject({ status: 400, body: { __type: 'InvalidParameterException' } })
  })
})
