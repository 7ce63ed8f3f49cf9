// Amplify UI's Authenticator (@aws-amplify/ui-vue 4.4.6) and passkeys with server sessions, in Chromium
// with the virtual authenticator against the shim's WebAuthn stand-in: the app's config says passkeys
// are on and preferred (`passwordless` as Amplify parses it from amplify_outputs.json), which is what
// the Authenticator's machine reads; it then signs in with USER_AUTH / WEB_AUTHN after the username,
// through the module's routes. (The passkey is registered first through /passkey-probe, as
// test/passkeys-server-session.test.ts does; the Vue component has no registration screen.)
import { afterAll, describe, expect, it } from 'vitest'
import { fetch, setup, startServer, url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadStack } from './support/stack-data'
import { browserCookieHeader, launchBrowser, openPage } from './support/browser'
import { serverSessionEnv, tokenCookies } from './support/script-visible'
import { PASSKEY_HOST, passkeyPool } from './support/passkey-pool'
import { userAuthUser } from './support/user-auth-pool'
import { addVirtualAuthenticator } from './support/virtual-authenticator'
import { authenticatorForm, expectBrowserSession, outcome } from './support/authenticator-page'

const stack = loadStack()
const pool = await passkeyPool(stack)
await setup(fixtureSetup('pages', {
  ...serverSessionEnv(),
  NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint, passwordless: { webAuthn: true, preferredChallenge: 'WEB_AUTHN' } } } }),
  NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
}))
const browser = await launchBrowser()
afterAll(() => browser.close())

const appUrl = (path: string) => {
  const u = new URL(url(path))
  u.hostname = PASSKEY_HOST
  return u.toString()
}
const probe = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => ((window as any).passkeyProbe[n as string] as (...x: unknown[]) => Promise<unknown>)(...(a as unknown[])), [name, args] as const)
const DONE = { isSignedIn: true, nextStep: { signInStep: 'DONE' } }

describe('Amplify UI\'s Authenticator and passkeys, server sessions', () => {
  it('passkeys preferred in the config: the username, then the passkey, signed in through the routes', async () => {
    const user = await userAuthUser(pool, 'passkey-ui')
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await addVirtualAuthenticator(page)
    await page.goto(appUrl('/passkey-probe'))
    await page.locator('#passkey-probe-ready').waitFor()
    expect(await probe(page, 'signInWithPassword', user.username, user.password)).toEqual({ ok: DONE })
    expect(await probe(page, 'register')).toEqual({})
    expect(await probe(page, 'signOut')).toEqual({})

    await page.goto(appUrl('/authenticator'))
    await authenticatorForm(page).locator('input[name=username]').fill(user.username)
    // With a passwordless factor preferred the form asks for the username only.
    expect(await authenticatorForm(page).locator('input[name=password]').count()).toBe(0)
    await authenticatorForm(page).getByRole('button', { name: 'Sign in', exact: true }).click()
    expect(await outcome(page)).toBe(`Signed in as ${user.username}.`)
    const tokens = await tokenCookies(context, appUrl('/'))
    expect(tokens.map(c => c.name.split('.').pop()).sort()).toEqual(['accessToken', 'idToken', 'refreshToken'])
    for (const cookie of tokens) expect(cookie.httpOnly, cookie.name).toBe(true)
    const cookie = await browserCookieHeader(context, appUrl('/'))
    expect(await (await fetch('/api/me', { headers: { cookie } })).json()).toMatchObject({ username: user.username, signInDetails: { authFlowType: 'USER_AUTH' } })
    await context.close()
  })
})

// The same app in browser sessions (the default, restarted without `session: 'server'`): registration
// and the Authenticator's passkey sign-in are Amplify's own, and the tokens land in the module's
// script-readable cookie storage.
describe('Amplify UI\'s Authenticator and passkeys, browser sessions', () => {
  it('passkeys preferred in the config: the username, then the passkey, signed in by Amplify itself', async () => {
    await startServer({ env: { NUXT_PUBLIC_AMPLIFY_SESSION: 'browser' } })
    const user = await userAuthUser(pool, 'passkey-ui-browser')
    const context = await browser.newContext()
    const { page } = await openPage(context)
    await addVirtualAuthenticator(page)
    await page.goto(appUrl('/passkey-probe'))
    await page.locator('#passkey-probe-ready').waitFor()
    expect(await page.locator('#session-mode').textContent()).toBe('browser')
    expect(await probe(page, 'signInWithPassword', user.username, user.password)).toEqual({ ok: DONE })
    expect(await probe(page, 'register')).toEqual({})
    expect(await probe(page, 'signOut')).toEqual({})
    expect(await tokenCookies(context, appUrl('/'))).toEqual([])

    await page.goto(appUrl('/authenticator'))
    await authenticatorForm(page).locator('input[name=username]').fill(user.username)
    expect(await authenticatorForm(page).locator('input[name=password]').count()).toBe(0)
    await authenticatorForm(page).getByRole('button', { name: 'Sign in', exact: true }).click()
    expect(await outcome(page)).toBe(`Signed in as ${user.username}.`)
    await expectBrowserSession(context, user.username, appUrl('/'))
    await context.close()
  })
})
