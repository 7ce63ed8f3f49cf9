// SMS and e-mail MFA through the emulator shim (test/support/shim-mfa-codes.ts, codes from
// shim-codes.ts), with Amplify's own signIn / confirmSignIn / updateMFAPreference in Node. Oracles:
// the codes as "delivered" (test/support/codes.ts), a real RFC 6238 authenticator for TOTP, and
// the tokens the emulator signs.
import { confirmSignIn, fetchAuthSession, setUpTOTP, signIn, updateMFAPreference, type UpdateMFAPreferenceInput, verifyTOTPSetup } from 'aws-amplify/auth'
import { describe, expect, it } from 'vitest'
import { MFA_PHONE as PHONE, type MfaFactors, poolWithShimMfa, userWithContacts } from './support/mfa-pools'
import { loadStack, type StackData, type StackUser } from './support/stack-data'
import { createMemoryContext, type MemoryContext, signInSession } from './support/sign-in'
import { codeLogMark, expireShimCodes, waitForCode } from './support/codes'
import { cognitoCall } from './support/cognito-calls'
import { tamper } from './support/forge'
import { totp } from './support/totp'

const stack = loadStack()

const poolWithMfa = (mode: 'ON' | 'OPTIONAL', factors: MfaFactors) => poolWithShimMfa(stack, mode, factors)
const newUser = (pool: StackData, prefix: string, contact: { phone?: boolean, email?: boolean } = { phone: true, email: true }) => userWithContacts(pool, prefix, contact)

/** Signs in (no MFA asked yet in an OPTIONAL pool) and sets the user's MFA preference with Amplify's updateMFAPreference. */
async function prefer(pool: StackData, user: StackUser, preference: UpdateMFAPreferenceInput): Promise<MemoryContext> {
  const session = await signInSession(pool, user)
  await updateMFAPreference(session.ctx, preference)
  return session
}

async function startSignIn(pool: StackData, user: StackUser) {
  const session = createMemoryContext(pool)
  const mark = codeLogMark(stack)
  const result = await signIn(session.ctx, { username: user.username, password: user.password })
  return { ...session, mark, result }
}

async function signedInAs(session: MemoryContext, username: string): Promise<void> {
  const { tokens } = await fetchAuthSession(session.ctx, { forceRefresh: true })
  expect(tokens?.accessToken.payload.username).toBe(username)
}

describe('SMS and e-mail MFA codes (shim)', () => {
  it('SMS code: the step names SMS and the masked number; the 6-digit code sent to the phone signs in, once', async () => {
    const pool = await poolWithMfa('OPTIONAL', { sms: true, email: true, totp: true })
    const user = await newUser(pool, 'sms')
    await prefer(pool, user, { sms: 'PREFERRED' })
    const attempt = await startSignIn(pool, user)
    expect(attempt.result).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDeliveryDetails: { deliveryMedium: 'SMS', destination: '+*******0100' } } })
    const code = await waitForCode(stack, user.username, { after: attempt.mark, medium: 'SMS', destination: PHONE })
    expect(code).toMatch(/^\d{6}$/)
    await expect(confirmSignIn(attempt.ctx, { challengeResponse: code === '000000' ? '111111' : '000000' })).rejects.toMatchObject({ name: 'CodeMismatchException' })
    expect(await confirmSignIn(attempt.ctx, { challengeResponse: code })).toMatchObject({ isSignedIn: true })
    await signedInAs(attempt, user.username)

    // The same code again, in the next sign-in: refused (single use, bound to its own session).
    const next = await startSignIn(pool, user)
    await expect(confirmSignIn(next.ctx, { challengeResponse: code })).rejects.toMatchObject({ name: 'CodeMismatchException' })
  })

  it('e-mail code: the step names EMAIL and the masked address; the 8-digit code sent by e-mail signs in', async () => {
    const pool = await poolWithMfa('OPTIONAL', { email: true })
    const user = await newUser(pool, 'email')
    await prefer(pool, user, { email: 'PREFERRED' })
    const attempt = await startSignIn(pool, user)
    expect(attempt.result).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: `${user.username[0]}***@e***.com` } } })
    const code = await waitForCode(stack, user.username, { after: attempt.mark, medium: 'EMAIL', destination: user.email })
    expect(code).toMatch(/^\d{8}$/)
    expect(await confirmSignIn(attempt.ctx, { challengeResponse: code })).toMatchObject({ isSignedIn: true })
    await signedInAs(attempt, user.username)
  })

  it('refused: another user\'s code, an expired code, and three wrong codes end the attempt', async () => {
    const pool = await poolWithMfa('OPTIONAL', { sms: true })
    const [mine, theirs] = [await newUser(pool, 'mine'), await newUser(pool, 'theirs')]
    await prefer(pool, mine, { sms: 'PREFERRED' })
    await prefer(pool, theirs, { sms: 'PREFERRED' })
    // (Amplify keeps one sign-in in progress per process: theirs is started first, then mine.)
    const other = await startSignIn(pool, theirs)
    const theirCode = await waitForCode(stack, theirs.username, { after: other.mark, medium: 'SMS' })
    const attempt = await startSignIn(pool, mine)
    const myCode = await waitForCode(stack, mine.username, { after: attempt.mark, medium: 'SMS' })
    if (theirCode !== myCode) await expect(confirmSignIn(attempt.ctx, { challengeResponse: theirCode })).rejects.toMatchObject({ name: 'CodeMismatchException' })

    expect(await expireShimCodes(stack, mine.username)).toBe(1)
    await expect(confirmSignIn(attempt.ctx, { challengeResponse: myCode })).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' })

    const again = await startSignIn(pool, mine)
    const fresh = await waitForCode(stack, mine.username, { after: again.mark, medium: 'SMS' })
    const wrong = fresh === '000000' ? '111111' : '000000'
    for (let i = 0; i < 3; i++) await expect(confirmSignIn(again.ctx, { challengeResponse: wrong })).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await expect(confirmSignIn(again.ctx, { challengeResponse: fresh })).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('several factors and none preferred: SELECT_MFA_TYPE offers SMS, TOTP and EMAIL; each choice leads to its own code', async () => {
    const pool = await poolWithMfa('OPTIONAL', { sms: true, email: true, totp: true })
    const user = await newUser(pool, 'choice')
    const session = await signInSession(pool, user)
    const { sharedSecret } = await setUpTOTP(session.ctx)
    await verifyTOTPSetup(session.ctx, { code: totp(sharedSecret) })
    await updateMFAPreference(session.ctx, { sms: 'ENABLED', totp: 'ENABLED', email: 'ENABLED' })

    const byEmail = await startSignIn(pool, user)
    expect(byEmail.result).toMatchObject({ nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMFATypes: ['SMS', 'TOTP', 'EMAIL'] } })
    expect(await confirmSignIn(byEmail.ctx, { challengeResponse: 'EMAIL' })).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } })
    expect(await confirmSignIn(byEmail.ctx, { challengeResponse: await waitForCode(stack, user.username, { after: byEmail.mark, medium: 'EMAIL' }) })).toMatchObject({ isSignedIn: true })

    const bySms = await startSignIn(pool, user)
    expect(await confirmSignIn(bySms.ctx, { challengeResponse: 'SMS' })).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE' } })
    expect(await confirmSignIn(bySms.ctx, { challengeResponse: await waitForCode(stack, user.username, { after: bySms.mark, medium: 'SMS' }) })).toMatchObject({ isSignedIn: true })

    const byTotp = await startSignIn(pool, user)
    expect(await confirmSignIn(byTotp.ctx, { challengeResponse: 'TOTP' })).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } })
    expect(await confirmSignIn(byTotp.ctx, { challengeResponse: totp(sharedSecret, Date.now() + 30_000) })).toMatchObject({ isSignedIn: true })
    await signedInAs(byTotp, user.username)
  })

  it('MFA required, no factor yet: SMS to the phone number, else e-mail set-up for a user without an address', async () => {
    const smsPool = await poolWithMfa('ON', { sms: true, totp: true })
    const withPhone = await newUser(smsPool, 'on-sms')
    const direct = await startSignIn(smsPool, withPhone)
    expect(direct.result).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE' } })

    const emailPool = await poolWithMfa('ON', { email: true })
    const noAddress = await newUser(emailPool, 'on-setup', {})
    const setup = await startSignIn(emailPool, noAddress)
    expect(setup.result).toMatchObject({ nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' } })
    const address = `${noAddress.username}@example.org`
    expect(await confirmSignIn(setup.ctx, { challengeResponse: address })).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } })
    expect(await confirmSignIn(setup.ctx, { challengeResponse: await waitForCode(stack, noAddress.username, { after: setup.mark, medium: 'EMAIL', destination: address }) })).toMatchObject({ isSignedIn: true })
    // E-mail MFA is on from now on: the next sign-in asks for an e-mail code at that address.
    const next = await startSignIn(emailPool, noAddress)
    expect(next.result).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } })

    const both = await poolWithMfa('ON', { email: true, totp: true })
    const chooser = await newUser(both, 'on-choose', {})
    expect((await startSignIn(both, chooser)).result).toMatchObject({ nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMFATypes: ['TOTP', 'EMAIL'] } })
  })

  it('SetUserMFAPreference for e-mail MFA with a forged access token is refused', async () => {
    const pool = await poolWithMfa('OPTIONAL', { email: true })
    const user = await newUser(pool, 'forged')
    const { tokens } = await fetchAuthSession((await signInSession(pool, user)).ctx)
    const forged = tamper(tokens!.accessToken.toString(), { username: 'alice' })
    expect(await cognitoCall(pool, 'SetUserMFAPreference', { AccessToken: forged, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }))
      .toEqual({ status: 400, body: { __type: 'NotAuthorizedException', message: 'Invalid Access Token' } })
  })
})
