// Real-browser tests: Chromium driven by playwright-core. Which Chromium (Debian's, playwright's
// download or CHROMIUM_PATH) was settled once per run by global-setup-browser.ts, which installs one
// when none is found. One browser per test file, one context per simulated user.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { inject } from 'vitest'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromiumPath'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** A page whose console errors, warnings and uncaught exceptions are collected in `messages`. */
export async function openPage(context: BrowserContext): Promise<{ page: Page, messages: string[] }> {
  const page = await context.newPage()
  const messages: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') messages.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', error => messages.push(`pageerror: ${error.message}`))
  return { page, messages }
}

/** The browser's cookies for `url` as a `Cookie` header, exactly as it would send them. */
export async function browserCookieHeader(context: BrowserContext, url: string): Promise<string> {
  return (await context.cookies(url)).map(c => `${c.name}=${c.value}`).join('; ')
}

/** The Amplify token cookies the browser holds (decoded names → values). */
export async function amplifyCookies(context: BrowserContext, url: string): Promise<Record<string, string>> {
  const cookies = (await context.cookies(url)).filter(c => c.name.startsWith('CognitoIdentityServiceProvider.'))
  return Object.fromEntries(cookies.map(c => [decodeURIComponent(c.name), decodeURIComponent(c.value)]))
}
