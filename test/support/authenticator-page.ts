// Driving Amplify UI's <authenticator> (@aws-amplify/ui-vue) on the playground's /authenticator in
// Chromium, as a user does: its forms, buttons and what it shows after a step.
import { expect } from 'vitest'
import { fetch, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { browserCookieHeader, openPage } from './browser'
import { tokenCookies } from './script-visible'
import { usernameFromMe } from './api-me'

export async function openAuthenticator(context: BrowserContext, query = ''): Promise<Page> {
  const { page } = await openPage(context)
  await page.goto(url(`/authenticator${query}`))
  return page
}

export const authenticatorForm = (page: Page) => page.locator('[data-amplify-authenticator] form')
export const formButton = (page: Page, name: string) => authenticatorForm(page).getByRole('button', { name, exact: true })
export const fill = (page: Page, name: string, value: string) => authenticatorForm(page).locator(`input[name=${name}]`).fill(value)

export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await fill(page, 'username', username)
  await fill(page, 'password', password)
  await formButton(page, 'Sign in').click()
}

// After a sign-in, the Authenticator asks a user without a verified e-mail or phone to verify one.
export const VERIFY_CONTACT = 'Account recovery requires verified contact information'

/**
 * Waits until the Authenticator shows its signed-in slot or an error, and returns that text. The
 * contact-verification step it may show first (its own step after any sign-in, not the one under
 * test) is skipped, as a user may.
 */
export async function outcome(page: Page): Promise<string> {
  const settled = page.locator('#authenticator-user, [data-amplify-authenticator] .amplify-alert')
  const verify = page.getByText(VERIFY_CONTACT)
  await shownFirst(page, settled.or(verify))
  if (await verify.isVisible()) {
    await formButton(page, 'Skip').click()
    await shownFirst(page, settled)
  }
  return (await settled.first().textContent())!.trim()
}

/** Waits for `locator`; if it never shows, the failure says which step the Authenticator shows instead. */
export async function shownFirst(page: Page, locator: Locator): Promise<void> {
  // (A step's round trips on a machine shared with parallel builds can take tens of seconds.)
  await locator.first().waitFor({ timeout: 60_000 }).catch(async () => {
    throw new Error(`The Authenticator shows: ${await page.locator('[data-amplify-authenticator]').textContent()}`)
  })
}

/** The session is the server's: HttpOnly token cookies only, and the server sees the user. */
export async function expectServerSession(context: BrowserContext, username: string): Promise<void> {
  const secrets = await tokenCookies(context, url('/'))
  expect(secrets.some(c => c.name.endsWith('.refreshToken'))).toBe(true)
  expect(secrets.filter(c => !c.httpOnly)).toEqual([])
  const me = await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, url('/')) } })
  expect(await usernameFromMe(me)).toBe(username)
}

/** The secret of the TOTP set-up step, as a user copies it (without the copy button's "COPIED" tooltip). */
export function totpSetupSecret(page: Page): Promise<string> {
  return authenticatorForm(page).locator('[data-amplify-copy]').evaluate((element) => {
    const copy = element.cloneNode(true) as Element
    copy.querySelector('[data-amplify-copy-tooltip]')?.remove()
    return copy.textContent!.trim()
  })
}

/** The session is the browser's (Amplify's own): token cookies page scripts can read, which the server also sees. */
export async function expectBrowserSession(context: BrowserContext, username: string, at = url('/')): Promise<void> {
  const tokens = await tokenCookies(context, at)
  expect(tokens.some(c => c.name.endsWith(`.${username}.refreshToken`))).toBe(true)
  expect(tokens.filter(c => c.httpOnly)).toEqual([])
  const me = await fetch('/api/me', { headers: { cookie: await browserCookieHeader(context, at) } })
  expect(await usernameFromMe(me)).toBe(username)
}
