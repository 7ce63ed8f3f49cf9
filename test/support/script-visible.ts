import type { BrowserContext, Page } from 'playwright-core'

/** The env that starts a fixture built with `authRoutes` on in server-session mode (fixtureSetup adds the sealing secret). */
export function serverSessionEnv(): Record<string, string> {
  return { NUXT_PUBLIC_AMPLIFY_SESSION: 'server' }
}

/** What any script on the page can read: `document.cookie`, localStorage and sessionStorage, as one text. */
export function scriptVisibleStorage(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({
    cookie: document.cookie,
    local: Object.entries(localStorage),
    session: Object.entries(sessionStorage),
  }))
}

/** The browser's cookies (also HttpOnly ones, which only the browser itself sees), decoded. */
export async function allCookies(context: BrowserContext, url: string) {
  return (await context.cookies(url)).map(c => ({ ...c, name: decodeURIComponent(c.name), value: decodeURIComponent(c.value) }))
}

/** Cookies that hold a token (a JWT, or Cognito's refresh token however encoded): the session's secrets. */
export async function tokenCookies(context: BrowserContext, url: string) {
  return (await allCookies(context, url)).filter(c => /\.(?:accessToken|idToken|refreshToken)(?:\.\d+)?$/.test(c.name) || c.value.startsWith('eyJ'))
}
