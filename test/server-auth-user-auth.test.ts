// Choice-based and passwordless sign-in (authFlowType USER_AUTH) through the module's routes, against
// the emulator shim's USER_AUTH stand-in (test/support/shim-user-auth.ts): a pool of its own allowing
// PASSWORD, EMAIL_OTP and SMS_OTP, given to the shared basic build at run time, in both session modes.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from './support/compat'
import { startBasicServer } from './support/fixture-server'
import { RouteClient, type RouteAnswer } from './support/auth-routes'
import { loadStack, type StackData, type StackUser } from './support/stack-data'
import { codeLogMark, waitForCode } from './support/codes'
import { userAuthPool, userAuthUser } from './support/user-auth-pool'

const stack = loadStack()
let pool: StackData
let serverMode: RunningServer
let browserMode: RunningServer
const PHONE = '+15555550123'

beforeAll(async () => {
  pool = await userAuthPool(stack)
  const env = {
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
  }
  ;[serverMode, browserMode] = await Promise.all([startBasicServer({ ...env, NUXT_PUBLIC_AMPLIFY_SESSION: 'server' }), startBasicServer(env)])
}, 120_000)
afterAll(async () => {
  await Promise.all([serverMode?.stop(), browserMode?.stop()])
})

const userAuth = (extra: Record<string, unknown> = {}) => ({ authFlowType: 'USER_AUTH', ...extra })
const DONE = { isSignedIn: true, nextStep: { signInStep: 'DONE' } }

/** The session is the user's: token cookies (HttpOnly in server sessions), /api/me and the SSR page. */
async function expectSignedIn(browser: RouteClient, answer: RouteAnswer, user: StackUser, httpOnly: boolean) {
  const tokens = answer.setCookies.filter(cookie => cookie.name.startsWith(`CognitoIdentityServiceProvider.${pool.clientId}.`))
  expect(tokens.map(cookie => cookie.name.split('.').pop())).toEqual(expect.arrayContaining(['accessToken', 'idToken', 'refreshToken', 'LastAuthUser']))
  for (const cookie of tokens) expect(Boolean(cookie.attributes.httponly), cookie.name).toBe(httpOnly)
  expect((await browser.get<{ username: string }>('/api/me')).body.username).toBe(user.username)
  expect((await browser.get<string>('/user-state')).body).toContain(`${user.username} (`)
}

const modes = () => [['server sessions', serverMode, true], ['browser sessions', browserMode, false]] as const

describe('passwordless sign-in through the routes', () => {
  it('EMAIL_OTP and SMS_OTP as the preferred challenge: a code step with its delivery, then signed in', async () => {
    for (const [mode, server, httpOnly] of modes()) {
      const user = await userAuthUser(pool, 'otp', PHONE)
      for (const [factor, step, medium] of [['EMAIL_OTP', 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', 'EMAIL'], ['SMS_OTP', 'CONFIRM_SIGN_IN_WITH_SMS_CODE', 'SMS']] as const) {
        const browser = new RouteClient(server.url)
        const mark = codeLogMark(pool)
        const first = await browser.post('signIn', { username: user.username, options: userAuth({ preferredChallenge: factor }) })
        expect(first.body, `${mode} ${factor}`).toEqual({ isSignedIn: false, nextStep: { signInStep: step, codeDeliveryDetails: { deliveryMedium: medium, destination: expect.any(String) } } })
        const code = await waitForCode(pool, user.username, { after: mark })
        const wrong = await browser.post('confirmSignIn', { challengeResponse: String((Number(code) + 1) % 1_000_000).padStart(code.length, '0') })
        expect(wrong.body, `${mode} ${factor}`).toMatchObject({ data: { name: 'CodeMismatchException' } })
        const done = await browser.post('confirmSignIn', { challengeResponse: code })
        expect(done.body, `${mode} ${factor}`).toEqual(DONE)
        await expectSignedIn(browser, done, user, httpOnly)
      }
    }
  })

  it('no preference: the factor selection lists what the user can use; a code or a password follows the choice', async () => {
    for (const [mode, server, httpOnly] of modes()) {
      const user = await userAuthUser(pool, 'select')
      for (const choice of ['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']) {
        const browser = new RouteClient(server.url)
        const first = await browser.post('signIn', { username: user.username, options: userAuth() })
        expect(first.body, mode).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] } })
        const mark = codeLogMark(pool)
        const chosen = await browser.post('confirmSignIn', { challengeResponse: choice })
        let done: RouteAnswer
        if (choice === 'EMAIL_OTP') {
          expect(chosen.body).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } } })
          done = await browser.post('confirmSignIn', { challengeResponse: await waitForCode(pool, user.username, { after: mark }) })
        }
        else {
          expect(chosen.body).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' } })
          done = await browser.post('confirmSignIn', { challengeResponse: user.password })
        }
        expect(done.body, `${mode} ${choice}`).toEqual(DONE)
        await expectSignedIn(browser, done, user, httpOnly)
      }
    }
  })

  it('PASSWORD and PASSWORD_SRP as the preferred challenge sign in at once; without a password, Amplify\'s validation error', async () => {
    const user = await userAuthUser(pool, 'pref')
    for (const preferredChallenge of ['PASSWORD', 'PASSWORD_SRP']) {
      const browser = new RouteClient(serverMode.url)
      const done = await browser.post('signIn', { username: user.username, password: user.password, options: userAuth({ preferredChallenge }) })
      expect(done.body, preferredChallenge).toEqual(DONE)
      await expectSignedIn(browser, done, user, true)
      const wrong = await new RouteClient(serverMode.url).post('signIn', { username: user.username, password: `${user.password}x`, options: userAuth({ preferredChallenge }) })
      expect(wrong.body, preferredChallenge).toMatchObject({ data: { name: 'NotAuthorizedException' } })
      const none = await new RouteClient(serverMode.url).post('signIn', { username: user.username, options: userAuth({ preferredChallenge }) })
      expect(none.status).toBe(400)
      expect(none.body, preferredChallenge).toMatchObject({ data: { name: 'EmptySignInPassword' } })
    }
  })

  it('an OTP of another user, or one used already, is refused', async () => {
    const alice = await userAuthUser(pool, 'alice-otp')
    const bob = await userAuthUser(pool, 'bob-otp')
    const aliceBrowser = new RouteClient(serverMode.url)
    const bobBrowser = new RouteClient(serverMode.url)
    const mark = codeLogMark(pool)
    await aliceBrowser.post('signIn', { username: alice.username, options: userAuth({ preferredChallenge: 'EMAIL_OTP' }) })
    await bobBrowser.post('signIn', { username: bob.username, options: userAuth({ preferredChallenge: 'EMAIL_OTP' }) })
    const aliceCode = await waitForCode(pool, alice.username, { after: mark })
    const bobCode = await waitForCode(pool, bob.username, { after: mark })
    if (aliceCode !== bobCode) expect((await bobBrowser.post('confirmSignIn', { challengeResponse: aliceCode })).body).toMatchObject({ data: { name: 'CodeMismatchException' } })
    expect((await aliceBrowser.post('confirmSignIn', { challengeResponse: aliceCode })).body).toEqual(DONE)
    // Alice signs in again: her first code is spent, only the new one works.
    const again = new RouteClient(serverMode.url)
    const mark2 = codeLogMark(pool)
    await again.post('signIn', { username: alice.username, options: userAuth({ preferredChallenge: 'EMAIL_OTP' }) })
    const second = await waitForCode(pool, alice.username, { after: mark2 })
    if (second !== aliceCode) expect((await again.post('confirmSignIn', { challengeResponse: aliceCode })).body).toMatchObject({ data: { name: 'CodeMismatchException' } })
    expect((await again.post('confirmSignIn', { challengeResponse: second })).body).toEqual(DONE)
  })
})

describe('passwordless sign-up', () => {
  it('signUp without a password, confirmSignUp, and the user is signed in (autoSignIn through USER_AUTH)', async () => {
    for (const [mode, server, httpOnly] of modes()) {
      const username = `pwless-${randomBytes(4).toString('hex')}`
      const browser = new RouteClient(server.url)
      const mark = codeLogMark(pool)
      const signedUp = await browser.post('signUp', { username, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: { authFlowType: 'USER_AUTH' } } })
      expect(signedUp.body, mode).toMatchObject({ isSignUpComplete: false, nextStep: { signUpStep: 'CONFIRM_SIGN_UP' } })
      const code = await waitForCode(pool, username, { after: mark })
      const confirmed = await browser.post('confirmSignUp', { username, confirmationCode: code })
      expect(confirmed.body, mode).toEqual({ isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }, signInResult: DONE })
      await expectSignedIn(browser, confirmed, { username, password: '', email: '', name: '' }, httpOnly)
      // No password of their own: the factor selection offers e-mail codes only.
      const later = await new RouteClient(server.url).post('signIn', { username, options: userAuth() })
      expect(later.body, mode).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['EMAIL_OTP'] } })
    }
  })
})
