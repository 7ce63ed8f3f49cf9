// Custom auth through the shim's stand-in (test/support/shim-custom-auth.ts), with Amplify's own
// signIn/confirmSignIn in Node (CUSTOM_WITHOUT_SRP, CUSTOM_WITH_SRP) and the quiz triggers of
// test/support/custom-auth-triggers.ts that the test pool's LambdaConfig names.
import { confirmSignIn, fetchAuthSession, signIn } from 'aws-amplify/auth'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadStack, type StackData } from './support/stack-data'
import { createMemoryContext } from './support/sign-in'
import { cognitoCall, observeCognito, stopObservingCognito } from './support/cognito-calls'
import { customAuthPool, customAuthUser } from './support/custom-auth-pool'
import { triggerArn } from './support/custom-auth-triggers'

const stack = loadStack()
let pool: StackData
beforeAll(async () => {
  pool = await customAuthPool(stack)
})
afterEach(stopObservingCognito)

type Step = { isSignedIn: boolean, nextStep: { signInStep: string, additionalInfo?: Record<string, string> } }
const info = (step: Step) => step.nextStep.additionalInfo!
const withoutSrp = { authFlowType: 'CUSTOM_WITHOUT_SRP' } as const

describe('custom auth (Amplify in Node against the stand-in)', () => {
  it('CUSTOM_WITHOUT_SRP: two questions, then signed in with tokens that refresh; the triggers get Cognito\'s event shapes', async () => {
    const user = await customAuthUser(pool)
    const { ctx } = createMemoryContext(pool)
    const first = await signIn(ctx, { username: user.username, options: withoutSrp }) as Step
    expect(first).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { round: '1', question: 'What is 2 + 3?', USERNAME: user.username } } })
    const event = JSON.parse(info(first).event)
    expect(event).toEqual({
      version: '1',
      triggerSource: 'CreateAuthChallenge_Authentication',
      region: pool.userPoolId.split('_')[0],
      userPoolId: pool.userPoolId,
      userName: user.username,
      callerContext: { awsSdkVersion: expect.any(String), clientId: pool.clientId },
      request: { userAttributes: expect.objectContaining({ email: user.email, sub: expect.any(String) }), challengeName: 'CUSTOM_CHALLENGE', session: [], userNotFound: false },
    })
    expect(info(first)).not.toHaveProperty('answer') // private parameters stay private

    const second = await confirmSignIn(ctx, { challengeResponse: '5' }) as Step
    expect(info(second)).toMatchObject({ round: '2', question: 'What is the capital of France?' })
    expect(JSON.parse(info(second).event).request.session).toEqual([{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'QUESTION-1' }])
    expect(JSON.parse(info(second).lastVerify)).toMatchObject({ triggerSource: 'VerifyAuthChallengeResponse_Authentication', request: { challengeAnswer: '5', privateChallengeParameters: { answer: '5' } } })

    expect(await confirmSignIn(ctx, { challengeResponse: 'paris' })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    const { tokens } = await fetchAuthSession(ctx, { forceRefresh: true })
    expect(tokens?.accessToken.payload.username).toBe(user.username)
    expect(tokens?.accessToken.payload.iss).toBe(pool.issuer)
  })

  it('CUSTOM_WITH_SRP: the password first (SRP_A, PASSWORD_VERIFIER), then the questions; a wrong password ends it', async () => {
    const user = await customAuthUser(pool)
    const { ctx } = createMemoryContext(pool)
    const calls = observeCognito()
    const first = await signIn(ctx, { username: user.username, password: user.password, options: { authFlowType: 'CUSTOM_WITH_SRP' } }) as Step
    stopObservingCognito()
    expect(calls.map(c => c.operation)).toEqual(['InitiateAuth', 'RespondToAuthChallenge'])
    expect(calls[0]!.body.AuthParameters).toMatchObject({ USERNAME: user.username, CHALLENGE_NAME: 'SRP_A', SRP_A: expect.any(String) })
    expect(calls[0]!.reply).toMatchObject({ ChallengeName: 'PASSWORD_VERIFIER', Session: expect.any(String) })
    expect(JSON.parse(info(first).event).request.session).toEqual([
      { challengeName: 'SRP_A', challengeResult: true },
      { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
    ])
    await confirmSignIn(ctx, { challengeResponse: '5' })
    expect(await confirmSignIn(ctx, { challengeResponse: 'Paris' })).toMatchObject({ isSignedIn: true })
    expect((await fetchAuthSession(ctx)).tokens?.accessToken.payload.username).toBe(user.username)

    const other = createMemoryContext(pool).ctx
    await expect(signIn(other, { username: user.username, password: `${user.password}x`, options: { authFlowType: 'CUSTOM_WITH_SRP' } }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
  })

  it('clientMetadata of signIn and of each confirmSignIn reaches the triggers that call runs', async () => {
    const user = await customAuthUser(pool)
    const { ctx } = createMemoryContext(pool)
    const first = await signIn(ctx, { username: user.username, options: { ...withoutSrp, clientMetadata: { locale: 'fr', step: 'sign-in' } } }) as Step
    expect(JSON.parse(info(first).clientMetadata)).toEqual({ locale: 'fr', step: 'sign-in' })
    const second = await confirmSignIn(ctx, { challengeResponse: 'wrong', options: { clientMetadata: { step: 'answer-1' } } }) as Step
    expect(JSON.parse(info(second).clientMetadata)).toEqual({ step: 'answer-1' })
    expect(JSON.parse(info(second).lastVerify).request).toMatchObject({ clientMetadata: { step: 'answer-1' }, challengeAnswer: 'wrong' })
    expect(info(second).round).toBe('1') // a wrong answer: the same question again
    const third = await confirmSignIn(ctx, { challengeResponse: '5' }) as Step
    expect(JSON.parse(info(third).clientMetadata)).toEqual({})
  })

  it('three wrong answers: the Define trigger fails the sign-in, and its session is dead', async () => {
    const user = await customAuthUser(pool)
    const { ctx } = createMemoryContext(pool)
    const calls = observeCognito()
    await signIn(ctx, { username: user.username, options: withoutSrp })
    await confirmSignIn(ctx, { challengeResponse: '4' })
    await confirmSignIn(ctx, { challengeResponse: '6' })
    await expect(confirmSignIn(ctx, { challengeResponse: '7' })).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
    stopObservingCognito()
    const used = calls.at(-1)!.body
    expect(await cognitoCall(pool, 'RespondToAuthChallenge', { ...used, ChallengeResponses: { ...used.ChallengeResponses, ANSWER: '5' } }))
      .toEqual({ status: 400, body: { __type: 'NotAuthorizedException', message: 'Invalid session for the user.' } })
  })

  it('a session is single-use and bound to its user and app client', async () => {
    const [alice, bob] = [await customAuthUser(pool), await customAuthUser(pool)]
    const start = async (username: string) => (await cognitoCall(pool, 'InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username } })).body
    const answer = (session: string, username: string, ANSWER: string, clientId = pool.clientId) =>
      cognitoCall(pool, 'RespondToAuthChallenge', { ChallengeName: 'CUSTOM_CHALLENGE', ClientId: clientId, Session: session, ChallengeResponses: { USERNAME: username, ANSWER } })
    const refused = { status: 400, body: { __type: 'NotAuthorizedException', message: 'Invalid session for the user.' } }

    // Alice's session answered as Bob: refused, and used up.
    const aliceSession = (await start(alice.username)).Session
    expect(await answer(aliceSession, bob.username, '5')).toEqual(refused)
    expect(await answer(aliceSession, alice.username, '5')).toEqual(refused)
    // Another app client: refused.
    expect(await answer((await start(alice.username)).Session, alice.username, '5', stack.clientId)).toEqual(refused)
    // Replayed after a right answer: refused.
    const session = (await start(bob.username)).Session
    expect((await answer(session, bob.username, '5')).body).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { round: '2' } })
    expect(await answer(session, bob.username, '5')).toEqual(refused)
    expect(await answer('forged', bob.username, '5')).toEqual(refused)
  })

  it('an unknown user gets questions like anyone and never tokens', async () => {
    const { ctx } = createMemoryContext(pool)
    const first = await signIn(ctx, { username: 'nobody-here', options: withoutSrp }) as Step
    expect(JSON.parse(info(first).event).request).toMatchObject({ userNotFound: true, userAttributes: {} })
    await confirmSignIn(ctx, { challengeResponse: '5' })
    await expect(confirmSignIn(ctx, { challengeResponse: 'Paris' })).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('as Cognito: no Define trigger, a client without ALLOW_CUSTOM_AUTH, a throwing trigger', async () => {
    const user = { username: 'anyone' }
    const noTriggers = await customAuthPool(stack, { lambdaConfig: {} })
    await expect(signIn(createMemoryContext(noTriggers).ctx, { username: user.username, options: withoutSrp }))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Custom auth lambda trigger is not configured for the user pool.' })
    const srpOnly = await customAuthPool(stack, { flows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })
    await expect(signIn(createMemoryContext(srpOnly).ctx, { username: user.username, options: withoutSrp }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' })
    const failing = await customAuthPool(stack, { lambdaConfig: { DefineAuthChallenge: triggerArn('quiz-define'), CreateAuthChallenge: triggerArn('failing-create'), VerifyAuthChallengeResponse: triggerArn('quiz-verify') } })
    await expect(signIn(createMemoryContext(failing).ctx, { username: user.username, options: withoutSrp }))
      .rejects.toMatchObject({ name: 'UserLambdaValidationException', message: 'CreateAuthChallenge failed with error question bank unavailable.' })
  })
})
