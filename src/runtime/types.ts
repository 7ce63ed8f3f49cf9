import type { ResourcesConfig } from 'aws-amplify'

/** Cookie attributes shared by the browser (js-cookie) and the server (h3) so both write the same cookies. */
export interface AmplifyCookieOptions {
  /** Cookie `Domain`. Unset: the cookie belongs to the exact host that wrote it. */
  domain?: string
  /** Cookie `SameSite`. Default `'lax'`. `'none'` requires `secure: true`. */
  sameSite?: 'lax' | 'strict' | 'none'
  /** Cookie `Secure`. Default `true`; set `false` only for plain-http hosts other than localhost. */
  secure?: boolean
  /** Cookie `Path`. Default `'/'`, so every route (pages and `/api`) receives the tokens. */
  path?: string
  /** Lifetime in seconds. Default 365 days, Amplify's own default. */
  maxAge?: number
}

/** The global sign-in redirect: anonymous visitors of matching pages go to `login`. */
export interface AmplifyRedirectOptions {
  /** The sign-in page. Always excluded, so there is no redirect loop. Default `'/login'`. */
  login?: string
  /** Route globs that need a signed-in user (`*` = one segment, `**` = any depth). Default `['/**']`. */
  include?: string[]
  /** Route globs that stay public even when `include` matches them. Default `[]`. */
  exclude?: string[]
}

export interface ModuleOptions {
  /**
   * The Amplify configuration: a path (relative to the Nuxt `rootDir`) to a Gen2 `amplify_outputs.json`
   * or a Gen1 `amplifyconfiguration.json`, or an inline object (`ResourcesConfig`, Gen1 or Gen2 shape).
   */
  config?: string | Record<string, unknown>
  /** Whether the app uses Cognito user pools. Default `true`: the config must then have an `Auth` section. */
  auth?: boolean
  /** Cookie attributes for the token cookies, on the server and in the browser. */
  cookies?: AmplifyCookieOptions
  /** Overrides `Auth.Cognito.userPoolEndpoint` (an emulator or a private endpoint). `NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT` at run time. */
  userPoolEndpoint?: string
  /** Overrides `Auth.Cognito.identityPoolEndpoint`. `NUXT_PUBLIC_AMPLIFY_IDENTITY_POOL_ENDPOINT` at run time. */
  identityPoolEndpoint?: string
  /**
   * The managed-login (OAuth) base URL the server routes use instead of `https://<oauth domain>`, e.g. an
   * emulator or a private domain. `NUXT_PUBLIC_AMPLIFY_OAUTH_ENDPOINT` at run time.
   */
  oauthEndpoint?: string
  /**
   * The user-pool token that REST calls (`aws-amplify/api` get/post/…) send as `Authorization`, for
   * API Gateway Cognito authorizers: `'idToken'` or `'accessToken'`. Default `'none'`: Amplify's own
   * behaviour, SigV4 signing with identity-pool credentials. `NUXT_PUBLIC_AMPLIFY_REST_AUTH_TOKEN`.
   */
  restAuthToken?: 'none' | 'idToken' | 'accessToken'
  /**
   * Sends anonymous visitors of matching pages to the login page, with `?redirect=<original path>`.
   * Default `false`: only pages with `definePageMeta({ middleware: 'amplify-auth' })` are protected.
   */
  redirect?: false | AmplifyRedirectOptions
  /**
   * Verify the signature, issuer, `token_use` and client id of the access and id token cookies on the
   * server before Amplify reads them. Default `true`; `false` logs a warning at every server start.
   */
  verifyTokens?: boolean
  /**
   * Expected `iss` of the tokens. Default: `<userPoolEndpoint>/<userPoolId>` when `userPoolEndpoint` is
   * set (an emulator), else `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` (Cognito).
   */
  tokenIssuer?: string
  /** Where the signing keys are. Default: `<userPoolEndpoint or the Cognito URL>/<userPoolId>/.well-known/jwks.json`. */
  jwksUrl?: string
  /** How long (ms) a server request waits for Cognito (token refresh, key fetch) before going on anonymous. Default 5000. */
  cognitoTimeout?: number
  /**
   * Where the session lives. `'browser'` (default): Amplify's own cookies, readable by page scripts, written
   * by browser-side Amplify and by the server. `'server'`: every token cookie is written by the server with
   * `HttpOnly`; the browser signs in through the module's auth routes and gets short-lived access and id
   * tokens from the server (never the refresh token). `NUXT_PUBLIC_AMPLIFY_SESSION` at run time.
   */
  session?: 'browser' | 'server'
  /**
   * The module's auth routes (password sign-in and its steps, sign-up, reset, sign-out, the browser's session
   * endpoint, managed login). Default: on with `session: 'server'`, off with browser sessions; `true` turns
   * them on in either mode. They need `NUXT_AMPLIFY_SESSION_PASSWORD` (32+ characters) in production.
   */
  authRoutes?: boolean | AmplifyAuthRoutesOptions
  /**
   * How many reverse proxies (load balancer, CDN) stand between the browser and this server, each appending
   * to `X-Forwarded-For`. The auth routes then tell Cognito's threat protection the address the outermost of
   * them saw, the Nth entry from the right. Default `0`: the connection's address, and `X-Forwarded-For`
   * (which any client can write) is ignored. `NUXT_PUBLIC_AMPLIFY_TRUSTED_PROXIES` at run time.
   */
  trustedProxies?: number
}

export interface AmplifyAuthRoutesOptions {
  /** Path prefix of every auth route. Default `'/api/amplify'`. */
  prefix?: string
}

/** What the module puts in `runtimeConfig.public.amplify`: plain JSON, so `NUXT_PUBLIC_AMPLIFY_*` can override it. */
export interface AmplifyPublicRuntimeConfig {
  config: ResourcesConfig
  cookies: Required<Omit<AmplifyCookieOptions, 'domain'>> & { domain: string }
  userPoolEndpoint: string
  identityPoolEndpoint: string
  oauthEndpoint: string
  restAuthToken: 'none' | 'idToken' | 'accessToken'
  /** `login` serves the `amplify-auth` middleware too; `include`/`exclude` only the global redirect. */
  redirect: Required<AmplifyRedirectOptions>
  verifyTokens: boolean
  tokenIssuer: string
  jwksUrl: string
  cognitoTimeout: number
  session: 'browser' | 'server'
  /** `enabled` false: no auth route is registered; `prefix` has no trailing slash. */
  authRoutes: { enabled: boolean, prefix: string }
  trustedProxies: number
}

/** What the module puts in the private `runtimeConfig.amplify` (server only). */
export interface AmplifyPrivateRuntimeConfig {
  /** Seals the short-lived sign-in state cookies. `NUXT_AMPLIFY_SESSION_PASSWORD`, 32+ characters. */
  sessionPassword: string
}
