// Passkeys with server sessions, in Chromium with real WebAuthn (the virtual authenticator,
// test/support/virtual-authenticator.ts) against the shim's WebAuthn stand-in. The playground
// (fixture `pages`) runs with a pool of its own that allows USER_AUTH with PASSWORD and WEB_AUTHN and
// whose relying party is `localhost`, where the pages are opened (127.0.0.1 is no valid RP ID).
// /passkey-probe (fixture page) calls useAmplifyAuth() as app code does: registration, list and
// delete are Amplify's own calls with the access token from the session route; passkey sign-in goes
// through the routes, the composable asking the authenticator in between.
import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack } from './support/stack-data'
import { browserCookieHeader, launchBrowser, openPage } from './support/browser'
import { scriptVisibleStorage, serverSessionEnv, tokenCookies } from './support/script-visible'
import { PASSKEY_HOST, passkeyPool } from './support/passkey-pool'
import { userAuthUser } from './support/user-auth-pool'
import { addVirtualAuthenticator } from './support/virtual-authenticator'

const stack = loadStack()
const pool = await passkeyPool(stack)
await setup(fixtureSetup('pages', {
  ...serverSessionEnv(),
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
}))
const browser = await launchBrowser()
afterAll(() => browser.close())

/** The app's URL with the relying party's host (the server listens on 127.0.0.1, where localhost resolves). */
const appUrl = (path: string) => {
  const u = new URL(url(path))
  u.hostname = PASSKEY_HOST
  return u.toString()
}
type Outcome = { ok?: any, error?: string, message?: string }
const probe = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => ((window as any).passkeyProbe[n as string] as (...x: unknown[]) => Promise<Outcome>)(...(a as unknown[])), [name, args] as const)
const hubEvents = (page: Page) => page.evaluate(() => (window as unknown as { hubAuthEvents: string[] }).hubAuthEvents)
const DONE = { isSignedIn: true, nextStep: { signInStep: 'DONE' } }

async function openProbe(page: Page): Promise<void> {
  await page.goto(appUrl('/passkey-probe'))
  await page.locator('#passkey-probe-ready').waitFor()
}

describe('passkeys with server sessions in Chromium', () => {
  it('register while signed in, list, sign out, sign in with the passkey through the routes (HttpOnly cookies only, SSR signed in), delete; then the passkey no longer signs in', async () => {
    const user = await userAuthUser(pool, 'passkey')
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    const authenticator = await addVirtualAuthenticator(page)
    await openProbe(page)

    expect(await probe(page, 'signInWithPassword', user.username, user.password)).toEqual({ ok: DONE })
    expect(await probe(page, 'register')).toEqual({})
    const [stored] = await authenticator.credentials()
    expect(stored).toMatchObject({ rpId: PASSKEY_HOST, isResidentCredential: true })
    const credentialId = Buffer.from(stored!.credentialId, 'base64').toString('base64url')
    expect(await probe(page, 'list')).toEqual({ ok: [{ credentialId, relyingPartyId: PASSKEY_HOST }] })
    expect(await probe(page, 'signOut')).toEqual({})

    // A new page load, signed out: the passkey alone signs in.
    await openProbe(page)
    expect(await probe(page, 'signInWithPasskey', user.username)).toEqual({ ok: DONE })
    expect(await hubEvents(page)).toEqual(['signedIn'])
    expect((await authenticator.credentials())[0]!.signCount).toBeGreaterThan(stored!.signCount)
    const tokens = await tokenCookies(context, appUrl('/'))
    expect(tokens.map(c => c.name.split('.').pop()).sort()).toEqual(['accessToken', 'idToken', 'refreshToken'])
    for (const cookie of tokens) expect(cookie.httpOnly, cookie.name).toBe(true)
    expect(await scriptVisibleStorage(page)).not.toMatch(/eyJ|refreshToken|accessToken|idToken/)
    const cookie = await browserCookieHeader(context, appUrl('/'))
    expect(await (await fetch('/account', { headers: { cookie } })).text()).toContain(`Protected page for ${user.username}.`)
    expect(await (await fetch('/api/me', { headers: { cookie } })).json()).toMatchObject({ username: user.username, signInDetails: { loginId: user.username, authFlowType: 'USER_AUTH' } })

    // Chosen at the factor selection (confirmSignIn 'WEB_AUTHN'), as Amplify's flow allows.
    expect(await probe(page, 'signOut')).toEqual({})
    expect(await probe(page, 'signInChoosingPasskey', user.username)).toEqual({
      ok: { first: { isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN'] } }, then: DONE },
    })

    expect(await probe(page, 'remove', credentialId)).toEqual({})
    expect(await probe(page, 'list')).toEqual({ ok: [] })
    expect(await probe(page, 'signOut')).toEqual({})
    // No passkey any more: WEB_AUTHN is not offered; not signed in.
    expect(await probe(page, 'signInWithPasskey', user.username)).toEqual({
      ok: { isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP'] } },
    })
    expect(await tokenCookies(context, appUrl('/'))).toEqual([])
    expect(messages.filter(m => !m.includes('Cognito User Pool endpoint'))).toEqual([])
    await context.close()
  })

  it('a refused ceremony is Amplify\'s PasskeyAuthenticationCanceled, and nothing is signed in', async () => {
    const user = await userAuthUser(pool, 'passkey-cancel')
    const context = await browser.newContext()
    const { page } = await openPage(context)
    const authenticator = await addVirtualAuthenticator(page)
    await openProbe(page)
    expect(await probe(page, 'signInWithPassword', user.username, user.password)).toEqual({ ok: DONE })
    expect(await probe(page, 'register')).toEqual({})
    expect(await probe(page, 'signOut')).toEqual({})
    // The user declines: the authenticator no longer verifies, the pool requires verification.
    await authenticator.cdp.send('WebAuthn.setUserVerified', { authenticatorId: authenticator.authenticatorId, isUserVerified: false })
    await openProbe(page)
    expect(await probe(page, 'signInWithPasskey', user.username)).toEqual({ error: 'PasskeyAuthenticationCanceled', message: 'Passkey authentication ceremony has been canceled.' })
    expect(await tokenCookies(context, appUrl('/'))).toEqual([])
    await context.close()
  })
})
