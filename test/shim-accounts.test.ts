// Next steps of sign-in and account flows through the emulator shim, driven by Amplify's own
// client APIs (test/support/shim-challenges.ts, shim-accounts.ts, password-policy.ts, codes.ts).
import { randomBytes } from 'node:crypto'
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import {
  confirmResetPassword, confirmSignIn, confirmSignUp, fetchAuthSession, resendSignUpCode, resetPassword, signIn, signUp,
} from 'aws-amplify/auth'
import { afterEach, describe, expect, it } from 'vitest'
import { adminClient, createUser, DEFAULT_PASSWORD, startPrivateShim } from './support/stack'
import { loadStack, setShimMode } from './support/stack-data'
import { createMemoryContext } from './support/sign-in'
import { cognitoCall, observeCognito, stopObservingCognito } from './support/cognito-calls'
import { codeLogMark, waitForCode } from './support/codes'

const stack = loadStack()
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`
const shim = (operation: string, body: unknown) => cognitoCall(stack, operation, body)
afterEach(stopObservingCognito)

/** A user as an admin creates one: FORCE_CHANGE_PASSWORD with a temporary password. */
async function invitedUser(temporaryPassword: string): Promise<string> {
  const username = unique('invited')
  const admin = adminClient(stack)
  try {
    await admin.send(new AdminCreateUserCommand({
      UserPoolId: stack.userPoolId,
      Username: username,
      TemporaryPassword: temporaryPassword,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    }))
  }
  finally {
    admin.destroy()
  }
  return username
}

/** Signs in (SRP) in a fresh context and proves the session can refresh. */
async function signInAndRefresh(username: string, password: string) {
  const { ctx } = createMemoryContext(stack)
  expect(await signIn(ctx, { username, password })).toMatchObject({ isSignedIn: true })
  const { tokens } = await fetchAuthSession(ctx, { forceRefresh: true })
  expect(tokens?.accessToken.payload.username).toBe(username)
}

describe('NEW_PASSWORD_REQUIRED', () => {
  it('an invited user signs in with SRP, sets a new password with confirmSignIn, and ends signed in with refreshable tokens', async () => {
    const username = await invitedUser('Temp0rary!pw')
    const { ctx } = createMemoryContext(stack)
    const first = await signIn(ctx, { username, password: 'Temp0rary!pw' })
    expect(first).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } })
    // The new password must meet the pool's policy.
    await expect(confirmSignIn(ctx, { challengeResponse: 'short' })).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    expect(await confirmSignIn(ctx, { challengeResponse: 'N3w!password' })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    const { tokens } = await fetchAuthSession(ctx, { forceRefresh: true })
    expect(tokens?.accessToken.payload.username).toBe(username)
    await signInAndRefresh(username, 'N3w!password')
  })

  it('a wrong temporary password gets no challenge, with SRP or USER_PASSWORD_AUTH', async () => {
    const username = await invitedUser('Temp0rary!pw')
    const { ctx } = createMemoryContext(stack)
    for (const authFlowType of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
      await expect(signIn(ctx, { username, password: 'Wr0ng!temporary', options: { authFlowType } }))
        .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
    }
  })

  it('the challenge Session is the shim\'s: a made-up, reused or other user\'s session is refused', async () => {
    const username = await invitedUser('Temp0rary!pw')
    const other = await invitedUser('Temp0rary!pw')
    const calls = observeCognito()
    await signIn(createMemoryContext(stack).ctx, { username: other, password: 'Temp0rary!pw' })
    const otherSession = calls.find(c => c.reply.ChallengeName === 'NEW_PASSWORD_REQUIRED')!.reply.Session
    const answer = (Session: string, name = username) => shim('RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED', ClientId: stack.clientId, Session, ChallengeResponses: { USERNAME: name, NEW_PASSWORD: 'Hijack3d!pw' },
    })
    const invalid = { status: 400, body: { __type: 'NotAuthorizedException', message: 'Invalid session for the user.' } }
    expect(await answer(randomBytes(96).toString('base64'))).toEqual(invalid)
    expect(await answer(otherSession)).toEqual(invalid)
    // The genuine answer works once, then its session is spent.
    expect((await answer(otherSession, other)).status).toBe(200)
    expect(await answer(otherSession, other)).toEqual(invalid)
    // Nobody's password changed but the rightful one's.
    await expect(signIn(createMemoryContext(stack).ctx, { username, password: 'Hijack3d!pw', options: { authFlowType: 'USER_PASSWORD_AUTH' } }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })
})

describe('sign-up and password reset', () => {
  it('sign-up → code from the emulator log → confirm → SRP sign-in; a resent code works and confirmed users cannot resend', async () => {
    const { ctx } = createMemoryContext(stack)
    const username = unique('signup')
    const mark = codeLogMark(stack)
    const result = await signUp(ctx, { username, password: DEFAULT_PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } })
    expect(result).toMatchObject({ isSignUpComplete: false, nextStep: { signUpStep: 'CONFIRM_SIGN_UP' } })
    const firstCode = await waitForCode(stack, username, { after: mark })
    // Amplify turns UserNotConfirmedException into this next step.
    expect(await signIn(ctx, { username, password: DEFAULT_PASSWORD })).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } })

    const resendMark = codeLogMark(stack)
    await resendSignUpCode(ctx, { username })
    const code = await waitForCode(stack, username, { after: resendMark })
    expect(code).not.toBe(firstCode)
    await expect(confirmSignUp(ctx, { username, confirmationCode: firstCode })).rejects.toMatchObject({ name: 'CodeMismatchException' })
    expect(await confirmSignUp(ctx, { username, confirmationCode: code })).toMatchObject({ isSignUpComplete: true })
    await expect(resendSignUpCode(ctx, { username })).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User is already confirmed.' })
    await signInAndRefresh(username, DEFAULT_PASSWORD)
  })

  it('sign-up with a password that breaks the policy is refused', async () => {
    const { ctx } = createMemoryContext(stack)
    await expect(signUp(ctx, { username: unique('weak'), password: 'alllowercase1!', options: { userAttributes: { email: 'weak@example.com' } } }))
      .rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password must have uppercase characters' })
  })

  it('reset password → code → confirm → sign-in with the new password; no code, no reset', async () => {
    const username = unique('reset')
    await createUser(stack, { username, email: `${username}@example.com`, name: username, password: DEFAULT_PASSWORD })
    // With no code pending, cognito-local would take a ConfirmForgotPassword without a code.
    expect(await shim('ConfirmForgotPassword', { ClientId: stack.clientId, Username: username, Password: 'Stol3n!password' }))
      .toMatchObject({ status: 400, body: { __type: 'InvalidParameterException' } })

    const { ctx } = createMemoryContext(stack)
    const mark = codeLogMark(stack)
    expect(await resetPassword(ctx, { username })).toMatchObject({ nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE' } })
    const code = await waitForCode(stack, username, { after: mark })
    await expect(confirmResetPassword(ctx, { username, confirmationCode: code, newPassword: 'weak' })).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    await expect(confirmResetPassword(ctx, { username, confirmationCode: `${code}9`, newPassword: 'N3w!password' })).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await confirmResetPassword(ctx, { username, confirmationCode: code, newPassword: 'N3w!password' })
    await signInAndRefresh(username, 'N3w!password')
  })
})

describe('scripted Cognito errors (ShimSettings.failNext)', () => {
  it('the next N calls of an operation fail with LimitExceededException, later ones go through', async () => {
    const { stack: own, shim: privateShim } = await startPrivateShim(stack)
    try {
      const username = unique('limited')
      await createUser(own, { username, email: `${username}@example.com`, name: username, password: DEFAULT_PASSWORD })
      const { ctx } = createMemoryContext(own)
      // Amplify retries LimitExceededException itself (core's defaultRetryDecider counts it as
      // throttling), so the error reaches the caller only when every attempt fails.
      await setShimMode(own, { failNext: { ForgotPassword: { count: 100 } } })
      await expect(resetPassword(ctx, { username })).rejects.toMatchObject({ name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' })
      const left = (await setShimMode(own, {})).failNext.ForgotPassword!.count
      console.info(`[shim-accounts] Amplify made ${100 - left} ForgotPassword attempts before giving up`)
      expect(left).toBeLessThan(100)
      await setShimMode(own, { failNext: { ForgotPassword: { count: 0 } } })
      expect(await resetPassword(ctx, { username })).toMatchObject({ nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE' } })
      await expect(setShimMode(own, { failNext: { SignUp: { count: -1 } } } as any)).rejects.toThrow(/HTTP 400/)
    }
    finally {
      await privateShim.stop()
    }
  })
})
