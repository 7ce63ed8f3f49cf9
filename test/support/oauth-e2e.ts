// Managed-login end-to-end tests: the pages fixture (the playground) started on a port chosen here,
// so its callback and sign-out URLs are known before it starts, and a managed-login stand-in of the
// test file's own (its token-endpoint modes must not disturb other files) registered for them.
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './fixtures'
import { freePort } from './net'
import { startOAuthServer, type OAuthServer } from './oauth-server'
import { oauthLoginWith, type StackData } from './stack-data'
import { usernameFromMe } from './api-me'

export interface ManagedLoginApp {
  origin: string
  oauth: OAuthServer
  /**
   * The stand-in as the app and the browser reach it: `localhost`, another site than the app's
   * `127.0.0.1` (ports do not make sites), so its redirects back are cross-site as Cognito's are.
   */
  oauthPublicUrl: string
  /** Options for `setup()` of @nuxt/test-utils. */
  setupOptions: ReturnType<typeof fixtureSetup> & { port: number }
}

export async function managedLoginApp(stack: StackData, session: 'browser' | 'server', options: { env?: Record<string, string>, extraRedirects?: (origin: string) => string[] } = {}): Promise<ManagedLoginApp> {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const oauth = await startOAuthServer(stack)
  const login = oauthLoginWith([origin], options.extraRedirects?.(origin) ?? [])
  oauth.register({ redirectUris: login.redirectSignIn, logoutUris: login.redirectSignOut })
  const oauthPublicUrl = oauth.url.replace('//127.0.0.1:', '//localhost:')
  const env: Record<string, string> = {
    NUXT_PUBLIC_AMPLIFY_OAUTH_ENDPOINT: oauthPublicUrl,
    // Nitro overrides nested runtime config from NUXT_* variables (JSON values): the built config's
    // placeholder URLs become this server's, in the server and in the payload the browser gets.
    NUXT_PUBLIC_AMPLIFY_CONFIG_AUTH_COGNITO_LOGIN_WITH_OAUTH_REDIRECT_SIGN_IN: JSON.stringify(login.redirectSignIn),
    NUXT_PUBLIC_AMPLIFY_CONFIG_AUTH_COGNITO_LOGIN_WITH_OAUTH_REDIRECT_SIGN_OUT: JSON.stringify(login.redirectSignOut),
    NUXT_PUBLIC_AMPLIFY_SESSION: session,
    ...options.env,
  }
  return { origin, oauth, oauthPublicUrl, setupOptions: { ...fixtureSetup('pages', env), port } }
}

/** On the stand-in's "Google" page: pick account `sub` and allow or deny. */
export async function answerGoogle(page: Page, sub: string, decision: 'allow' | 'deny' = 'allow'): Promise<void> {
  await page.waitForURL(u => u.pathname === '/google')
  await page.locator('input[name=sub]').fill(sub)
  await page.locator('input[name=email]').fill(`${sub}@example.com`)
  await page.locator(`button[value=${decision}]`).click()
}

/** Every cookie the app's origin holds, by name: those of `/` and the proof cookie of the oauth routes' path. */
export async function appCookies(context: BrowserContext, origin: string): Promise<Record<string, { value: string, httpOnly: boolean, sameSite: string }>> {
  return Object.fromEntries((await context.cookies([origin, `${origin}/api/amplify/oauth/callback`])).map(c => [decodeURIComponent(c.name), { value: decodeURIComponent(c.value), httpOnly: c.httpOnly, sameSite: c.sameSite }]))
}

/** The session's token cookies (Amplify's keys), name → value. */
export async function tokenCookies(context: BrowserContext, origin: string): Promise<Record<string, string>> {
  const all = await appCookies(context, origin)
  return Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith('CognitoIdentityServiceProvider.')).map(([name, c]) => [name, c.value]))
}

/** The refresh token among the session's cookies (chunks joined). */
export function refreshTokenOf(tokens: Record<string, string>): string | undefined {
  const name = Object.keys(tokens).find(n => n.endsWith('.refreshToken'))
  if (name) return tokens[name]
  const chunks = Object.keys(tokens).filter(n => /\.refreshToken\.\d+$/.test(n)).sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
  return chunks.length ? chunks.map(n => tokens[n]).join('') : undefined
}

/** What /api/me says for the context's cookies. */
export async function meOf(context: BrowserContext, origin: string): Promise<string | null> {
  return usernameFromMe(await context.request.get(`${origin}/api/me`))
}

/** A cookie jar for plain-HTTP flows: the Set-Cookie headers of each answer applied (deletions included). */
export class CookieJar {
  readonly cookies = new Map<string, string>()
  take(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1)
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return res
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

/**
 * One managed-login sign-in over plain HTTP, as a browser does it: the app's sign-in route, the
 * stand-in's authorize and "Google" pages, the app's callback. Returns the callback's answer and URL.
 */
export async function httpSignIn(app: ManagedLoginApp, jar: CookieJar, sub: string, returnPath = '/profile'): Promise<{ callback: Response, callbackUrl: string }> {
  const get = async (url: string, withCookies: boolean) => jar.take(await fetch(url, { redirect: 'manual', headers: withCookies ? { 'cookie': jar.header(), 'sec-fetch-site': 'cross-site' } : {} }))
  const start = await get(`${app.origin}/api/amplify/oauth/sign-in?provider=Google&redirect=${encodeURIComponent(returnPath)}`, true)
  const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' })
  const tx = new URL(authorize.headers.get('location')!, app.oauth.url).searchParams.get('tx')!
  const back = await fetch(`${app.oauthPublicUrl}/google`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ tx, sub, email: `${sub}@example.com`, decision: 'allow' }) })
  const callbackUrl = back.headers.get('location')
  if (!callbackUrl) throw new Error(`the stand-in's Google page answered ${back.status}: ${await back.text()}`)
  return { callback: await get(callbackUrl, true), callbackUrl }
}

/** /api/me over HTTP with the jar's cookies. */
export async function httpMe(app: ManagedLoginApp, jar: CookieJar): Promise<string | null> {
  return usernameFromMe(await fetch(`${app.origin}/api/me`, { headers: { cookie: jar.header() } }))
}
