import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { startBasicServer } from './support/fixture-server'
import { RouteClient, type RouteAnswer } from './support/auth-routes'
import { loadStack, type StackData, type StackUser } from './support/stack-data'
import { customAuthPool, customAuthUser } from './support/custom-auth-pool'

// Custom auth through the routes (server sessions): CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP against the
// shim's stand-in, with the quiz triggers (test/support/custom-auth-triggers.ts) of a pool of its own,
// given to the basic build at run time. The triggers echo what reached them into the challenge's
// public parameters (Amplify's `additionalInfo`), which is how clientMetadata is checked here.
const stack = loadStack()
let server: RunningServer
let pool: StackData

beforeAll(async () => {
  pool = await customAuthPool(stack)
  server = await startBasicServer({
    NUXT_PUBLIC_AMPLIFY_SESSION: 'server',
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
  })
}, 120_000)
afterAll(async () => {
  await server?.stop()
})

type Step = { isSignedIn: boolean, nextStep: { signInStep: string, additionalInfo: Record<string, string> } }
const failure = (answer: RouteAnswer) => [answer.status, (answer.body as { data?: { name?: string } }).data?.name]
const seen = (step: RouteAnswer<Step>, key: 'clientMetadata' | 'event' | 'lastVerify') => JSON.parse(step.body.nextStep.additionalInfo[key]!)

async function signedInAs(browser: RouteClient, user: StackUser, answer: RouteAnswer, flow: string): Promise<void> {
  expect(answer.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
  const tokens = answer.setCookies.filter(cookie => cookie.name.startsWith(`CognitoIdentityServiceProvider.${pool.clientId}.`))
  expect(tokens.map(cookie => cookie.name.split('.').pop()).sort()).toEqual(['LastAuthUser', 'accessToken', 'clockDrift', 'idToken', 'refreshToken', 'signInDetails'])
  for (const cookie of tokens) expect(cookie.attributes, cookie.name).toMatchObject({ httponly: true, samesite: 'Lax' })
  expect((await browser.get<{ username: string }>('/api/me')).body.username).toBe(user.username)
  expect((await browser.get<{ signInDetails: unknown }>('/api/amplify/session')).body.signInDetails).toEqual({ loginId: user.username, authFlowType: flow })
}

describe('custom auth through the routes (server sessions)', () => {
  it('CUSTOM_WITHOUT_SRP: no password, two questions with their additionalInfo, then HttpOnly session cookies', async () => {
    const user = await customAuthUser(pool)
    const browser = new RouteClient(server.url)
    const first = await browser.post<Step>('signIn', { username: user.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } })
    expect(first.body).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { round: '1', question: 'What is 2 + 3?', USERNAME: user.username } } })
    expect(seen(first, 'event').request.session).toEqual([])
    const second = await browser.post<Step>('confirmSignIn', { challengeResponse: '5' })
    expect(second.body.nextStep).toMatchObject({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { round: '2', question: 'What is the capital of France?' } })
    await signedInAs(browser, user, await browser.post('confirmSignIn', { challengeResponse: 'Paris' }), 'CUSTOM_WITHOUT_SRP')

    // Amplify's validation: no password with this flow.
    expect(failure(await new RouteClient(server.url).post('signIn', { username: user.username, password: user.password, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } }))).toEqual([400, 'CustomAuthSignInPassword'])
  })

  it('CUSTOM_WITH_SRP: the password proven first (SRP), then the questions; a wrong password is refused', async () => {
    const user = await customAuthUser(pool)
    const browser = new RouteClient(server.url)
    const first = await browser.post<Step>('signIn', { username: user.username, password: user.password, options: { authFlowType: 'CUSTOM_WITH_SRP' } })
    expect(first.body.nextStep).toMatchObject({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { round: '1' } })
    expect(seen(first, 'event').request.session).toEqual([{ challengeName: 'SRP_A', challengeResult: true }, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }])
    await browser.post('confirmSignIn', { challengeResponse: '5' })
    await signedInAs(browser, user, await browser.post('confirmSignIn', { challengeResponse: 'paris' }), 'CUSTOM_WITH_SRP')

    const wrong = new RouteClient(server.url)
    expect(failure(await wrong.post('signIn', { username: user.username, password: `${user.password}x`, options: { authFlowType: 'CUSTOM_WITH_SRP' } }))).toEqual([401, 'NotAuthorizedException'])
    expect(await wrong.get('/api/me')).toMatchObject({ status: 401 })
  })

  it('clientMetadata of signIn and of confirmSignIn reaches the triggers', async () => {
    const user = await customAuthUser(pool)
    const browser = new RouteClient(server.url)
    const first = await browser.post<Step>('signIn', { username: user.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP', clientMetadata: { locale: 'fr' } } })
    expect(seen(first, 'clientMetadata')).toEqual({ locale: 'fr' })
    const second = await browser.post<Step>('confirmSignIn', { challengeResponse: '5', options: { clientMetadata: { step: 'answer-1' } } })
    expect(seen(second, 'clientMetadata')).toEqual({ step: 'answer-1' }) // Define and Create
    expect(seen(second, 'lastVerify').request).toMatchObject({ clientMetadata: { step: 'answer-1' }, challengeAnswer: '5' }) // Verify
  })

  it('wrong answers until the Define trigger fails the sign-in: 401, and the sign-in cannot go on', async () => {
    const user = await customAuthUser(pool)
    const browser = new RouteClient(server.url)
    await browser.post('signIn', { username: user.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } })
    for (const wrong of ['4', '6']) {
      expect((await browser.post<Step>('confirmSignIn', { challengeResponse: wrong })).body.nextStep).toMatchObject({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { round: '1' } })
    }
    const failed = await browser.post('confirmSignIn', { challengeResponse: '7' })
    expect(failure(failed)).toEqual([401, 'NotAuthorizedException'])
    expect(failure(await browser.post('confirmSignIn', { challengeResponse: '5' }))).toEqual([401, 'NotAuthorizedException'])
    expect(await browser.get('/api/me')).toMatchObject({ status: 401 })
  })

  it('a challenge is answered for the sealed sign-in\'s own user only: another user named, or a used state replayed, is refused', async () => {
    const [alice, bob] = [await customAuthUser(pool), await customAuthUser(pool)]
    const browser = new RouteClient(server.url)
    await browser.post('signIn', { username: alice.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } })
    // Naming Bob changes nothing: the route answers for the user of the sealed state (Alice).
    const answered = await browser.post<Step>('confirmSignIn', { challengeResponse: '5', username: bob.username })
    expect(answered.body.nextStep.additionalInfo).toMatchObject({ round: '2', USERNAME: alice.username })
    // Alice's sign-in state from before that answer, replayed: Cognito's session is used up.
    const used = { ...browser.jar }
    await signedInAs(browser, alice, await browser.post('confirmSignIn', { challengeResponse: 'Paris' }), 'CUSTOM_WITHOUT_SRP')
    const replay = new RouteClient(server.url, Object.fromEntries(Object.entries(used).filter(([name]) => name === 'nuxt-amplify.sign-in')))
    expect(failure(await replay.post('confirmSignIn', { challengeResponse: 'Paris' }))).toEqual([401, 'NotAuthorizedException'])
    expect(await replay.get('/api/me')).toMatchObject({ status: 401 })
  })
})
