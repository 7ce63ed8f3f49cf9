// Passkeys with Amplify's own browser client in Chromium, against the shim's WebAuthn stand-in
// (test/support/shim-webauthn.ts): the cross-check of the stand-in, as shim-srp-browser.test.ts is for
// SRP. Real WebAuthn: Chromium's virtual authenticator (virtual-authenticator.ts) creates the key and
// signs; @simplewebauthn/server verifies in the shim. Then the planted faults, each signed with the
// passkey's real key (passkey-forge.ts) so that only the planted fault is wrong.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage } from './support/browser'
import { createUser, DEFAULT_PASSWORD } from './support/stack'
import { loadStack, type StackData } from './support/stack-data'
import { type BundledPage, serveBundledPage } from './support/bundled-page'
import { PASSKEY_HOST, passkeyPool } from './support/passkey-pool'
import { addVirtualAuthenticator, type VirtualCredential } from './support/virtual-authenticator'
import { forgeAssertion } from './support/passkey-forge'

const stack = loadStack()
const ENTRY = `
import { Amplify } from 'aws-amplify'
import * as auth from 'aws-amplify/auth'
const run = async (fn) => {
  try { return await fn() }
  catch (error) { return { error: error.name + ': ' + error.message } }
}
window.passkeys = {
  configure: config => Amplify.configure(config),
  signInWithPassword: (username, password) => run(() => auth.signIn({ username, password })),
  register: () => run(async () => { await auth.associateWebAuthnCredential(); return 'registered' }),
  list: () => run(async () => (await auth.listWebAuthnCredentials()).credentials.map(c => ({ ...c, createdAt: typeof c.createdAt?.getTime() }))),
  remove: credentialId => run(async () => { await auth.deleteWebAuthnCredential({ credentialId }); return 'deleted' }),
  signInWithPasskey: username => run(async () => {
    const result = await auth.signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } })
    const { tokens } = await auth.fetchAuthSession()
    return { result, username: tokens?.accessToken.payload.username ?? null }
  }),
  signOut: () => run(async () => { await auth.signOut(); return 'signed out' }),
}
`
let served: BundledPage
let origin: string
let browser: Browser
let pool: StackData

beforeAll(async () => {
  served = await serveBundledPage(ENTRY, PASSKEY_HOST)
  origin = served.origin
  ;[browser, pool] = await Promise.all([launchBrowser(), passkeyPool(stack)])
})
afterAll(async () => {
  await browser?.close()
  await served?.close()
})

const config = () => ({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } })
const newUser = async () => {
  const name = `passkey-${randomBytes(4).toString('hex')}`
  return await createUser(pool, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD })
}

/** One Cognito call through the shim, as Amplify makes it. */
async function cognito(operation: string, body: unknown): Promise<{ status: number, body: any }> {
  const res = await fetch(stack.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` }, body: JSON.stringify(body) })
  return { status: res.status, body: await res.json() }
}
/** A WEB_AUTHN challenge for `username`: its Session and the request options' challenge. */
async function passkeyChallenge(username: string): Promise<{ session: string, challenge: string }> {
  const started = await cognito('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' } })
  expect(started.body.ChallengeName).toBe('WEB_AUTHN')
  return { session: started.body.Session, challenge: JSON.parse(started.body.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS).challenge }
}
const answer = (username: string, session: string, credential: unknown) => cognito('RespondToAuthChallenge', {
  ChallengeName: 'WEB_AUTHN', ClientId: pool.clientId, Session: session, ChallengeResponses: { USERNAME: username, CREDENTIAL: JSON.stringify(credential) },
})

describe('passkeys with Amplify in Chromium against the WebAuthn stand-in', () => {
  it('associateWebAuthnCredential, listWebAuthnCredentials, signIn WEB_AUTHN, deleteWebAuthnCredential; a deleted passkey no longer signs in', async () => {
    const user = await newUser()
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    const authenticator = await addVirtualAuthenticator(page)
    await page.goto(origin)
    await page.waitForFunction(() => 'passkeys' in window)
    await page.evaluate(c => (window as any).passkeys.configure(c), config())
    const call = (name: string, ...args: unknown[]) => page.evaluate(([n, a]) => (window as any).passkeys[n as string](...(a as unknown[])), [name, args] as const)

    expect(await call('signInWithPassword', user.username, user.password)).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    expect(await call('register')).toBe('registered')
    const [stored] = await authenticator.credentials()
    expect(stored).toMatchObject({ isResidentCredential: true, rpId: PASSKEY_HOST })
    const credentialId = Buffer.from(stored!.credentialId, 'base64').toString('base64url')
    expect(await call('list')).toEqual([{ credentialId, relyingPartyId: PASSKEY_HOST, authenticatorAttachment: 'platform', authenticatorTransports: ['internal'], createdAt: 'number' }])
    expect(await call('signOut')).toBe('signed out')

    expect(await call('signInWithPasskey', user.username)).toEqual({ result: { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, username: user.username })
    expect((await authenticator.credentials())[0]!.signCount).toBeGreaterThan(stored!.signCount)

    expect(await call('remove', credentialId)).toBe('deleted')
    expect(await call('list')).toEqual([])
    expect(await call('signOut')).toBe('signed out')
    // No passkey any more: WEB_AUTHN is not offered, Cognito lets the user choose among the rest.
    expect(await call('signInWithPasskey', user.username)).toEqual({
      result: { isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP'] } },
      username: null,
    })
    expect(messages.filter(m => !m.includes('Cognito User Pool endpoint'))).toEqual([])
    await context.close()
  })

  it('refuses an assertion for another origin, for another RP ID, a reused challenge, a replayed counter, and a deleted passkey; accepts the unaltered forgery', async () => {
    const user = await newUser()
    const context = await browser.newContext()
    const { page } = await openPage(context)
    const authenticator = await addVirtualAuthenticator(page)
    await page.goto(origin)
    await page.waitForFunction(() => 'passkeys' in window)
    await page.evaluate(c => (window as any).passkeys.configure(c), config())
    const call = (name: string, ...args: unknown[]) => page.evaluate(([n, a]) => (window as any).passkeys[n as string](...(a as unknown[])), [name, args] as const)
    expect(await call('signInWithPassword', user.username, user.password)).toMatchObject({ isSignedIn: true })
    expect(await call('register')).toBe('registered')
    const credential: VirtualCredential = (await authenticator.credentials())[0]!
    const forge = (challenge: string, over: Partial<{ origin: string, rpId: string, counter: number }> = {}) =>
      forgeAssertion({ credential, challenge, origin, rpId: PASSKEY_HOST, ...over })

    const refusals: Record<string, unknown> = {}
    let c = await passkeyChallenge(user.username)
    refusals.otherOrigin = (await answer(user.username, c.session, forge(c.challenge, { origin: 'https://evil.example' }))).body.__type
    c = await passkeyChallenge(user.username)
    refusals.otherRpId = (await answer(user.username, c.session, forge(c.challenge, { rpId: 'evil.example' }))).body.__type
    const old = await passkeyChallenge(user.username)
    c = await passkeyChallenge(user.username)
    refusals.otherChallenge = (await answer(user.username, c.session, forge(old.challenge))).body.__type
    c = await passkeyChallenge(user.username)
    refusals.counterNotGrowing = (await answer(user.username, c.session, forge(c.challenge, { counter: credential.signCount }))).body.__type
    expect(refusals).toEqual({
      otherOrigin: 'WebAuthnOriginNotAllowedException',
      otherRpId: 'WebAuthnRelyingPartyMismatchException',
      otherChallenge: 'WebAuthnChallengeNotFoundException',
      counterNotGrowing: 'NotAuthorizedException',
    })

    // The control: the same forger, nothing planted, signs in; the same answer again finds its challenge used up.
    c = await passkeyChallenge(user.username)
    const good = forge(c.challenge, { counter: credential.signCount + 5 })
    const accepted = await answer(user.username, c.session, good)
    expect(accepted.status).toBe(200)
    expect(accepted.body.AuthenticationResult.AccessToken).toEqual(expect.any(String))
    expect((await answer(user.username, c.session, good)).body).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid session for the user.' })

    // Deleted while a challenge was open: that challenge's answer is refused.
    c = await passkeyChallenge(user.username)
    const list = await call('list') as Array<{ credentialId: string }>
    expect(await call('remove', list[0]!.credentialId)).toBe('deleted')
    expect((await answer(user.username, c.session, forge(c.challenge, { counter: credential.signCount + 10 }))).body.__type).toBe('NotAuthorizedException')
    await context.close()
  })
})
