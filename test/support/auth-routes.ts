// A minimal "browser" for the module's auth routes in Node: a cookie jar that follows Set-Cookie
// (deletions included), JSON or form posts, and the raw answer (status, headers, Set-Cookie) so tests
// can assert attributes such as HttpOnly. Paths come from the route table (shared/auth-routes.ts).
import { AUTH_ROUTES, type AuthRouteName } from '../../src/runtime/shared/auth-routes'
import { applySetCookies, parseSetCookies, type SetCookie } from './cookies'
import { cookieHeader } from './sign-in'

export const PREFIX = '/api/amplify'

export interface RouteAnswer<T = Record<string, unknown>> {
  status: number
  body: T
  headers: Headers
  setCookies: SetCookie[]
}

export interface PostOptions {
  /** Send as a plain form post (application/x-www-form-urlencoded) instead of JSON. */
  form?: boolean
  headers?: Record<string, string>
}

export class RouteClient {
  // Shared by the clients `on()` makes: one browser, several servers.
  private readonly cookies: { jar: Record<string, string> }

  constructor(readonly baseUrl: string, jar: Record<string, string> = {}, shared?: { jar: Record<string, string> }) {
    this.cookies = shared ?? { jar: { ...jar } }
  }

  get jar(): Record<string, string> {
    return this.cookies.jar
  }

  set jar(jar: Record<string, string>) {
    this.cookies.jar = jar
  }

  /** The same browser (the same cookie jar) talking to another server: a step finished elsewhere. */
  on(baseUrl: string): RouteClient {
    return new RouteClient(baseUrl, {}, this.cookies)
  }

  post<T = Record<string, unknown>>(route: AuthRouteName, body: Record<string, unknown>, options: PostOptions = {}): Promise<RouteAnswer<T>> {
    const payload = options.form
      ? new URLSearchParams(Object.entries(body).map(([key, value]) => [key, String(value)])).toString()
      : JSON.stringify(body)
    const type = options.form ? 'application/x-www-form-urlencoded' : 'application/json'
    return this.request<T>('POST', `${PREFIX}/${AUTH_ROUTES[route]}`, { body: payload, headers: { 'content-type': type, ...options.headers } })
  }

  get<T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}): Promise<RouteAnswer<T>> {
    return this.request<T>('GET', path, { headers })
  }

  async request<T>(method: string, path: string, init: { body?: string, headers?: Record<string, string> } = {}): Promise<RouteAnswer<T>> {
    const cookie = cookieHeader(this.jar)
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      body: init.body,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
    })
    const raw = response.headers.getSetCookie()
    this.jar = applySetCookies(this.jar, raw)
    const text = await response.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    }
    catch { /* not JSON (a redirect, HTML) */ }
    return { status: response.status, body: body as T, headers: response.headers, setCookies: parseSetCookies(raw) }
  }

  /** The token cookies of the app client in the jar (names as Amplify's keys). */
  tokenCookies(clientId: string): Record<string, string> {
    const prefix = `CognitoIdentityServiceProvider.${clientId}.`
    return Object.fromEntries(Object.entries(this.jar).filter(([name]) => name.startsWith(prefix)))
  }
}
