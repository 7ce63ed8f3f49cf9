import type { H3Event } from 'h3'
import { getRequestURL } from 'h3'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { authRoutePath } from '../../shared/auth-routes'
import type { AmplifyPublicRuntimeConfig } from '../../types'

/** Scopes when the config names none: `openid` for the id token a session needs; the admin scope lets the access token read and update the user's attributes. */
export const DEFAULT_OAUTH_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin']

/** Managed login as the server routes use it, from `Auth.Cognito.loginWith.oauth` (Gen2 `auth.oauth`, Gen1 `oauth`). */
export interface ManagedLogin {
  /** `https://<domain>`, or the `oauthEndpoint` override (an emulator, a private domain), no trailing slash. */
  baseUrl: string
  clientId: string
  scopes: string[]
  redirectSignIn: string[]
  redirectSignOut: string[]
  callbackPath: string
  /** Where failures land (`?error=<code>`): the login page of `amplify.redirect`. */
  loginPath: string
  prefix: string
  cognitoTimeout: number
  sameSite: AmplifyPublicRuntimeConfig['cookies']['sameSite']
  secure: boolean
}

const cache = new WeakMap<AmplifyPublicRuntimeConfig, ManagedLogin | null>()

/** The managed-login settings of this runtime config, or `null` when the app has no OAuth config (once per process). */
export function managedLoginOf(runtime: AmplifyPublicRuntimeConfig): ManagedLogin | null {
  let login = cache.get(runtime)
  if (login !== undefined) return login
  const cognito = resolveResourcesConfig(runtime).Auth?.Cognito
  const oauth = cognito?.loginWith?.oauth
  const endpoint = runtime.oauthEndpoint
  login = null
  if (cognito?.userPoolClientId && oauth?.domain) {
    login = {
      baseUrl: (endpoint || `https://${oauth.domain}`).replace(/\/+$/, ''),
      clientId: cognito.userPoolClientId,
      scopes: oauth.scopes?.length ? [...oauth.scopes] : DEFAULT_OAUTH_SCOPES,
      redirectSignIn: oauth.redirectSignIn ?? [],
      redirectSignOut: oauth.redirectSignOut ?? [],
      callbackPath: authRoutePath(runtime.authRoutes.prefix, 'oauthCallback'),
      loginPath: runtime.redirect.login,
      prefix: runtime.authRoutes.prefix,
      cognitoTimeout: runtime.cognitoTimeout,
      sameSite: runtime.cookies.sameSite,
      secure: runtime.cookies.secure,
    }
  }
  cache.set(runtime, login)
  return login
}

/**
 * The configured URL (of `path`, when given) for this request: Cognito accepts only a registered URL,
 * exactly. The one on the request's origin (as the visitor sees it, through a proxy's X-Forwarded-Host/
 * Proto too); else, when only one is configured, that one (a site behind a proxy that rewrites the host).
 */
export function configuredUrlFor(event: H3Event, urls: string[], path?: string): string | undefined {
  const trim = (p: string) => p.replace(/\/+$/, '')
  const parsed = urls.flatMap((url) => {
    try {
      return [{ raw: url, url: new URL(url) }]
    }
    catch {
      return []
    }
  })
  const candidates = path === undefined ? parsed : parsed.filter(({ url }) => trim(url.pathname) === trim(path))
  const origins = [getRequestURL(event).origin, getRequestURL(event, { xForwardedHost: true, xForwardedProto: true }).origin]
  // The string as configured: Cognito compares it character for character.
  return (candidates.find(({ url }) => origins.includes(url.origin)) ?? (candidates.length === 1 ? candidates[0] : undefined))?.raw
}
