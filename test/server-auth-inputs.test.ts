import { randomBytes } from 'node:crypto'
import { AdminCreateUserCommand, CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { startBasicServer } from './support/fixture-server'
import { RouteClient } from './support/auth-routes'
import { codeLogMark, waitForCode } from './support/codes'
import { startCognitoRecorder, type CognitoRecorder } from './support/cognito-recorder'
import { adminClient, createUser, DEFAULT_PASSWORD } from './support/stack'
import { loadStack } from './support/stack-data'

// The routes take Amplify's inputs as Amplify's types allow them (every option form), against the
// emulator, on an app client that allows only USER_PASSWORD_AUTH (the shim enforces a client's flows,
// as Cognito does), so a sign-in in the wrong flow is refused. The server reaches the shim through a
// recorder (test/support/cognito-recorder.ts) that shows what each route sent: ClientMetadata and
// ValidationData only reach Lambda triggers, which the emulator does not run.
const stack = loadStack()
let server: RunningServer
let recorder: CognitoRecorder

beforeAll(async () => {
  const admin = adminClient(stack)
  let clientId: string
  try {
    const { UserPoolClient } = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientName: 'password-only', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    clientId = UserPoolClient!.ClientId!
  }
  finally {
    admin.destroy()
  }
  recorder = await startCognitoRecorder(stack.endpoint)
  server = await startBasicServer({
    NUXT_PUBLIC_AMPLIFY_SESSION: 'server',
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: clientId } } }),
    NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: recorder.url,
    // (the issuer would otherwise be derived from the endpoint: the recorder's URL)
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: stack.issuer,
  })
}, 120_000)
afterAll(async () => {
  await server?.stop()
  await recorder?.stop()
})

const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`
const me = async (browser: RouteClient) => (await browser.get<{ username?: string }>('/api/me')).body.username
const signInDetails = async (browser: RouteClient) => (await browser.get<{ signInDetails?: unknown }>('/api/amplify/session')).body.signInDetails
const lastCall = (operation: string) => recorder.of(operation).pop()
const email = (username: string) => ({ email: `${username}@example.com` })

/** Signs up through the route (options as given) and returns the code the emulator delivered. */
async function signUp(browser: RouteClient, username: string, options: Record<string, unknown>) {
  const mark = codeLogMark(stack)
  const answer = await browser.post('signUp', { username, password: DEFAULT_PASSWORD, options: { userAttributes: email(username), ...options } })
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return { answer, code: await waitForCode(stack, username, { after: mark }) }
}

describe('after a USER_PASSWORD_AUTH sign-in that found the user unconfirmed', () => {
  it('confirm-sign-up signs in with USER_PASSWORD_AUTH, on a client that allows only that flow', async () => {
    const username = uniqueName('pwonly')
    const { code } = await signUp(new RouteClient(server.url), username, {})
    const browser = new RouteClient(server.url)
    const signIn = await browser.post('signIn', { username, password: DEFAULT_PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH', clientMetadata: { from: 'sign-in' } } })
    expect(signIn.body).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } })
    const confirmed = await browser.post('confirmSignUp', { username, confirmationCode: code })
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200)
    expect(confirmed.body).toMatchObject({ isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }, signInResult: { isSignedIn: true } })
    expect(await me(browser)).toBe(username)
    expect(await signInDetails(browser)).toEqual({ loginId: username, authFlowType: 'USER_PASSWORD_AUTH' })
    // The sign-in's clientMetadata goes with the sign-in that confirming makes.
    expect(lastCall('InitiateAuth')).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username }, ClientMetadata: { from: 'sign-in' } })
  })
})

describe('signUp options', () => {
  it('autoSignIn in Amplify\'s object form ({ authFlowType, clientMetadata }): confirming signs in with that flow', async () => {
    const username = uniqueName('autoobj')
    const browser = new RouteClient(server.url)
    const { answer, code } = await signUp(browser, username, { autoSignIn: { authFlowType: 'USER_PASSWORD_AUTH', clientMetadata: { auto: 'yes' } } })
    expect(answer.body).toMatchObject({ isSignUpComplete: false, nextStep: { signUpStep: 'CONFIRM_SIGN_UP' } })
    const confirmed = await browser.post('confirmSignUp', { username, confirmationCode: code })
    expect(confirmed.body).toMatchObject({ isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }, signInResult: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } })
    expect(await me(browser)).toBe(username)
    expect(await signInDetails(browser)).toEqual({ loginId: username, authFlowType: 'USER_PASSWORD_AUTH' })
    expect(lastCall('InitiateAuth')).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH', ClientMetadata: { auto: 'yes' } })
  })

  it('autoSignIn: false (and absent): confirming answers DONE, nobody is signed in', async () => {
    for (const options of [{ autoSignIn: false }, {}]) {
      const username = uniqueName('noauto')
      const browser = new RouteClient(server.url)
      const { code } = await signUp(browser, username, options)
      expect((await browser.post('confirmSignUp', { username, confirmationCode: code })).body).toEqual({ isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } })
      expect(await me(browser)).toBeUndefined()
    }
  })

  it('validationData and clientMetadata go to Cognito\'s SignUp as Cognito names them', async () => {
    const username = uniqueName('meta')
    await signUp(new RouteClient(server.url), username, { validationData: { invite: 'abc' }, clientMetadata: { source: 'test' } })
    expect(lastCall('SignUp')).toMatchObject({ Username: username, ValidationData: [{ Name: 'invite', Value: 'abc' }], ClientMetadata: { source: 'test' } })
  })

  it('an option of a form Amplify does not allow, or a flow the routes do not carry out: 400 naming it, before Cognito is asked', async () => {
    const before = recorder.of('SignUp').length
    for (const options of [{ autoSignIn: { authFlowType: 'PASSWORDLESS' } }, { autoSignIn: 'sometimes' }, { clientMetadata: { n: 1 } }, { validationData: 'x' }, { clientMetadata: { big: 'x'.repeat(3000) } }]) {
      const answer = await new RouteClient(server.url).post('signUp', { username: uniqueName('bad'), password: DEFAULT_PASSWORD, options: { userAttributes: email('bad'), ...options } })
      expect([answer.status, (answer.body as { data?: { name?: string } }).data?.name], JSON.stringify(options)).toEqual([400, 'InvalidParameterException'])
    }
    expect(recorder.of('SignUp').length).toBe(before)
  })
})

describe('the other inputs\' options reach Cognito', () => {
  it('confirmSignUp: forceAliasCreation and clientMetadata', async () => {
    const username = uniqueName('alias')
    const browser = new RouteClient(server.url)
    const { code } = await signUp(browser, username, {})
    await browser.post('confirmSignUp', { username, confirmationCode: code, options: { forceAliasCreation: false, clientMetadata: { k: 'v' } } })
    expect(lastCall('ConfirmSignUp')).toMatchObject({ Username: username, ForceAliasCreation: false, ClientMetadata: { k: 'v' } })
  })

  it('signIn, resetPassword, confirmResetPassword: clientMetadata', async () => {
    const name = uniqueName('meta')
    const user = await createUser(stack, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD })
    const browser = new RouteClient(server.url)
    expect((await browser.post('signIn', { username: user.username, password: user.password, options: { authFlowType: 'USER_PASSWORD_AUTH', clientMetadata: { step: 'signIn' } } })).body).toMatchObject({ isSignedIn: true })
    expect(lastCall('InitiateAuth')).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH', ClientMetadata: { step: 'signIn' } })
    const mark = codeLogMark(stack)
    await browser.post('resetPassword', { username: user.username, options: { clientMetadata: { step: 'reset' } } })
    expect(lastCall('ForgotPassword')).toMatchObject({ Username: user.username, ClientMetadata: { step: 'reset' } })
    const code = await waitForCode(stack, user.username, { after: mark })
    expect((await browser.post('confirmResetPassword', { username: user.username, confirmationCode: code, newPassword: 'Ch4nged!pass', options: { clientMetadata: { step: 'confirm' } } })).status).toBe(200)
    expect(lastCall('ConfirmForgotPassword')).toMatchObject({ Username: user.username, ClientMetadata: { step: 'confirm' } })
  })

  it('confirmSignIn: clientMetadata with the new password', async () => {
    const username = uniqueName('temp')
    const admin = adminClient(stack)
    await admin.send(new AdminCreateUserCommand({ UserPoolId: stack.userPoolId, Username: username, TemporaryPassword: 'Temp0rary!pass', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }))
    admin.destroy()
    const browser = new RouteClient(server.url)
    expect((await browser.post('signIn', { username, password: 'Temp0rary!pass', options: { authFlowType: 'USER_PASSWORD_AUTH' } })).body).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } })
    expect((await browser.post('confirmSignIn', { challengeResponse: 'N3w!password', options: { clientMetadata: { step: 'new-password' } } })).body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    expect(lastCall('RespondToAuthChallenge')).toMatchObject({ ChallengeName: 'NEW_PASSWORD_REQUIRED', ClientMetadata: { step: 'new-password' } })
    expect(await me(browser)).toBe(username)
  })
})
