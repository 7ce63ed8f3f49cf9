// A stand-in for Cognito's managed login (the "Hosted UI" domain), for tests and the playground:
// the emulator has no OAuth endpoints. It serves Cognito's paths (/oauth2/authorize, /login,
// /signup, /oauth2/token, /oauth2/revoke, /logout, /oauth2/userInfo) and enforces what Cognito
// enforces: a known client, a registered redirect_uri (exactly, and the same one at the token
// endpoint), PKCE S256, single-use codes that expire, `state` returned as given, revoked refresh
// tokens refused. Tokens are the emulator's own (oauth-server-users.ts), so they verify like any
// other user-pool token; as Cognito does, the id token of an authorize request with a `nonce` carries
// it (re-signed with the emulator's key: test/support/forge.ts), unless a test sets `idTokenNonce: 'omit'`. `identity_provider=Google` goes to a fake upstream account chooser.
// Registered redirect and sign-out URLs are added over HTTP (POST /__oauth/register), because test
// servers get their ports at run time; Cognito has them in the app client's settings.
import { createServer } from 'node:http'
import { createApp, createRouter, eventHandler, getQuery, readBody, sendRedirect, setResponseHeader, setResponseStatus, toNodeListener, type H3Event } from 'h3'
import { type AuthorizeRequest, GrantStore } from './oauth-server-grants'
import { errorPage, googlePage, loginPage, signUpPage } from './oauth-server-pages'
import { PoolUsers, type PoolTokens, RefusedByPool } from './oauth-server-users'
import { listenOnLoopback } from './net'
import { emulatorKey, resign } from './forge'
import type { StackData } from './stack-data'

const SCOPES = new Set(['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'])
const PROVIDERS = new Set(['COGNITO', 'Google'])

/** Token endpoint failures for tests: no answer, a 500, or tokens whose signature does not verify. */
export type TokenEndpointMode = 'normal' | 'hang' | 'error500' | 'forged'

export interface OAuthServer {
  url: string
  tokenEndpointMode: TokenEndpointMode
  /** `issue` (Cognito's way): the authorize request's nonce goes into the id token; `omit`: it does not. */
  idTokenNonce: 'issue' | 'omit'
  /** The app clients it serves: the stack's `web` client first. */
  clientIds: string[]
  grants: GrantStore
  /** Counts of what happened, e.g. `logout`, `token`, `revoke`: tests compare deltas. */
  counts: Record<string, number>
  register(uris: { redirectUris?: string[], logoutUris?: string[] }): void
  stop(): Promise<void>
}

export async function startOAuthServer(stack: StackData): Promise<OAuthServer> {
  const users = new PoolUsers(stack)
  const grants = new GrantStore()
  const clients = new Set([stack.clientId, stack.shortClientId])
  const redirectUris = new Set<string>()
  const logoutUris = new Set<string>()
  const counts: Record<string, number> = {}
  const count = (name: string) => {
    counts[name] = (counts[name] ?? 0) + 1
  }
  const html = (event: H3Event, status: number, body: string) => {
    setResponseStatus(event, status)
    setResponseHeader(event, 'content-type', 'text/html; charset=utf-8')
    return body
  }
  const oauthError = (event: H3Event, error: string, status = 400) => {
    setResponseStatus(event, status)
    return { error }
  }

  // Checks an authorize (or sign-up) request like Cognito: errors about the client or redirect_uri are
  // shown on Cognito's own page (never redirected to an unchecked URL); the rest go back to the app.
  function checkAuthorize(event: H3Event): { request: AuthorizeRequest } | { reply: unknown } {
    const q = getQuery(event) as Record<string, string | undefined>
    if (!q.client_id || !clients.has(q.client_id)) return { reply: html(event, 400, errorPage('invalid_request: unknown client_id')) }
    if (!q.redirect_uri || !redirectUris.has(q.redirect_uri)) return { reply: html(event, 400, errorPage('redirect_mismatch')) }
    const back = (error: string) => ({ reply: backToApp(event, q.redirect_uri!, { error, state: q.state }) })
    if (q.response_type !== 'code') return back('unsupported_response_type')
    if (!q.code_challenge || q.code_challenge_method !== 'S256') return back('invalid_request')
    const scope = q.scope ?? 'openid'
    if (!scope.split(' ').every(s => SCOPES.has(s))) return back('invalid_scope')
    if (q.identity_provider && !PROVIDERS.has(q.identity_provider)) return back('invalid_request')
    return { request: { clientId: q.client_id, redirectUri: q.redirect_uri, state: q.state, scope, codeChallenge: q.code_challenge, nonce: q.nonce, provider: q.identity_provider, lang: q.lang } }
  }

  function backToApp(event: H3Event, redirectUri: string, params: Record<string, string | undefined>) {
    const url = new URL(redirectUri)
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value)
    return sendRedirect(event, url.href, 302)
  }

  async function finish(event: H3Event, request: AuthorizeRequest, signIn: () => Promise<PoolTokens>) {
    try {
      const tokens = await signIn()
      if (request.nonce && server.idTokenNonce === 'issue') tokens.idToken = await resign(tokens.idToken, await emulatorKey(), { nonce: request.nonce })
      const code = grants.issueCode(request, tokens)
      count('code')
      return backToApp(event, request.redirectUri, { code, state: request.state })
    }
    catch (error) {
      if (error instanceof RefusedByPool) return html(event, 401, loginPage(grants.begin(request), 'Incorrect username or password.'))
      throw error
    }
  }

  const router = createRouter()
    .get('/oauth2/authorize', eventHandler((event) => {
      const checked = checkAuthorize(event)
      if ('reply' in checked) return checked.reply
      const { request } = checked
      count('authorize')
      const tx = grants.begin(request)
      return sendRedirect(event, request.provider === 'Google' ? `/google?tx=${tx}` : `/login?tx=${tx}`, 302)
    }))
    .get('/login', eventHandler(event => html(event, 200, loginPage(String(getQuery(event).tx ?? '')))))
    .post('/login', eventHandler(async (event) => {
      const form = await readBody(event) as Record<string, string>
      const request = grants.take(form.tx)
      if (!request) return html(event, 400, errorPage('The login has expired. Start again from the app.'))
      return finish(event, request, () => users.signIn(request.clientId, form.username ?? '', form.password ?? ''))
    }))
    .get('/signup', eventHandler((event) => {
      const checked = checkAuthorize(event)
      if ('reply' in checked) return checked.reply
      return html(event, 200, signUpPage(grants.begin(checked.request)))
    }))
    .post('/signup', eventHandler(async (event) => {
      const form = await readBody(event) as Record<string, string>
      const request = grants.take(form.tx)
      if (!request) return html(event, 400, errorPage('The sign-up has expired. Start again from the app.'))
      return finish(event, request, () => users.signUp(request.clientId, form.username ?? '', form.email ?? '', form.password ?? ''))
    }))
    .get('/google', eventHandler(event => html(event, 200, googlePage(String(getQuery(event).tx ?? '')))))
    .post('/google', eventHandler(async (event) => {
      const form = await readBody(event) as Record<string, string>
      const request = grants.take(form.tx)
      if (!request) return html(event, 400, errorPage('The login has expired. Start again from the app.'))
      // What Cognito does when the upstream provider says no: back to the app with the provider's error.
      if (form.decision !== 'allow') return backToApp(event, request.redirectUri, { error_description: 'User denied access', error: 'access_denied', state: request.state })
      if (!/^[\w-]{1,64}$/.test(form.sub ?? '')) return html(event, 400, errorPage('invalid account id'))
      return finish(event, request, () => users.signInFederated(request.clientId, 'Google', form.sub!, form.email || `${form.sub}@example.com`, (form.name ?? '').slice(0, 256)))
    }))
    .post('/oauth2/token', eventHandler(async (event) => {
      setResponseHeader(event, 'access-control-allow-origin', '*')
      count('token')
      if (server.tokenEndpointMode === 'hang') return new Promise(() => {}) // until the client gives up (stop() ends the connection)
      if (server.tokenEndpointMode === 'error500') return oauthError(event, 'internal_error', 500)
      if (!String(event.headers.get('content-type')).startsWith('application/x-www-form-urlencoded')) return oauthError(event, 'invalid_request')
      const form = await readBody(event) as Record<string, string>
      if (!form.client_id || !clients.has(form.client_id)) return oauthError(event, 'invalid_client', 401)
      if (form.grant_type === 'authorization_code') {
        const result = grants.redeem(form.code, form.client_id, form.redirect_uri, form.code_verifier)
        if (typeof result === 'string') return oauthError(event, 'invalid_grant')
        if (server.tokenEndpointMode === 'forged') return { access_token: forged(result.accessToken), id_token: forged(result.idToken), token_type: 'Bearer', expires_in: 3600 }
        return { access_token: result.accessToken, id_token: result.idToken, refresh_token: result.refreshToken, token_type: 'Bearer', expires_in: result.expiresIn }
      }
      if (form.grant_type === 'refresh_token') {
        try {
          const result = await users.refresh(form.client_id, form.refresh_token ?? '')
          return { access_token: result.accessToken, id_token: result.idToken, token_type: 'Bearer', expires_in: result.expiresIn }
        }
        catch (error) {
          if (error instanceof RefusedByPool) return oauthError(event, 'invalid_grant')
          throw error
        }
      }
      return oauthError(event, 'unsupported_grant_type')
    }))
    .post('/oauth2/revoke', eventHandler(async (event) => {
      setResponseHeader(event, 'access-control-allow-origin', '*')
      count('revoke')
      const form = await readBody(event) as Record<string, string>
      if (!form.client_id || !clients.has(form.client_id)) return oauthError(event, 'invalid_client', 401)
      if (!form.token) return oauthError(event, 'invalid_request')
      try {
        await users.revoke(form.client_id, form.token)
        return ''
      }
      catch (error) {
        if (error instanceof RefusedByPool) return oauthError(event, 'unsupported_token_type')
        throw error
      }
    }))
    .get('/oauth2/userInfo', eventHandler(async (event) => {
      const bearer = /^Bearer (\S+)$/.exec(event.headers.get('authorization') ?? '')?.[1]
      if (!bearer) return oauthError(event, 'invalid_token', 401)
      try {
        return await users.userInfo(bearer)
      }
      catch {
        return oauthError(event, 'invalid_token', 401)
      }
    }))
    .get('/logout', eventHandler((event) => {
      const q = getQuery(event) as Record<string, string | undefined>
      if (!q.client_id || !clients.has(q.client_id)) return html(event, 400, errorPage('invalid_request: unknown client_id'))
      if (!q.logout_uri || !logoutUris.has(q.logout_uri)) return html(event, 400, errorPage('Required String parameter \'redirect_uri\' is not present'))
      count('logout')
      return sendRedirect(event, q.logout_uri, 302)
    }))
    .post('/__oauth/register', eventHandler(async (event) => {
      const body = await readBody(event) as { redirectUris?: string[], logoutUris?: string[] }
      server.register(body)
      return { ok: true }
    }))
    .get('/__oauth/counts', eventHandler(() => counts))

  const app = createApp().use(router)
  const listening = await listenOnLoopback(createServer(toNodeListener(app)))
  const server: OAuthServer = {
    url: listening.url,
    tokenEndpointMode: 'normal',
    idTokenNonce: 'issue',
    clientIds: [...clients],
    grants,
    counts,
    register({ redirectUris: redirects = [], logoutUris: logouts = [] }) {
      for (const uri of redirects) redirectUris.add(uri)
      for (const uri of logouts) logoutUris.add(uri)
    },
    async stop() {
      await listening.stop()
      users.destroy()
    },
  }
  return server
}

/** The same claims under another signature: what a token of another issuer, or a tampered one, looks like to a verifier. */
function forged(jwt: string): string {
  const [header, payload] = jwt.split('.')
  return `${header}.${payload}.${Buffer.from('not the pool key').toString('base64url')}`
}

/** From any process: registers the app's callback and sign-out URLs with the stand-in (as an app client's settings would). */
export async function registerOAuthUris(oauthUrl: string, uris: { redirectUris?: string[], logoutUris?: string[] }): Promise<void> {
  const res = await fetch(`${oauthUrl}/__oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(uris) })
  if (!res.ok) throw new Error(`oauth stand-in register: HTTP ${res.status}`)
}

export async function oauthCounts(oauthUrl: string): Promise<Record<string, number>> {
  return await (await fetch(`${oauthUrl}/__oauth/counts`)).json() as Record<string, number>
}
