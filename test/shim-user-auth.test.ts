// Choice-based sign-in (USER_AUTH) through the emulator shim (test/support/shim-user-auth.ts and its
// factor files), driven by Amplify's own signIn/confirmSignIn in Node; requests Amplify would never
// send go to the shim directly.
import { confirmSignIn, fetchAuthSession, signIn } from 'aws-amplify/auth'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadStack, type StackData } from './support/stack-data'
import { createMemoryContext } from './support/sign-in'
import { cognitoCall, stopObservingCognito } from './support/cognito-calls'
import { userAuthPool, userAuthUser } from './support/user-auth-pool'

const stack = loadStack()
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
