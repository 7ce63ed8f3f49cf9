// The managed-login stand-in enforces what Cognito's OAuth endpoints enforce; the module's routes are
// tested against it (oauth-routes*.test.ts), so a lax stand-in would let bugs through there.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { s256 } from './support/oauth-server-grants'
import { type OAuthServer, startOAuthServer } from './support/oauth-server'
import { decodeJwtPayload } from './support/shim-handlers'

const stack = inject('amplifyStack')
const redirectUri = 'http://127.0.0.1:9/api/amplify/oauth/callback'
let server: OAuthServer

beforeAll(async () => {
  server = await startOAuthServer(stack)
  server.register({ redirectUris: [redirectUri], logoutUris: ['http://127.0.0.1:9/'] })
})
afterAll(() => server?.stop())

const form = (body: Record<string, string>) => ({ method: 'POST', redirect: 'manual' as const, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() })

/** Authorize through the fake Google page; returns the redirect back to the app. */
async function authorize(params: Record<string, string>, decision = 'allow', sub = randomBytes(4).toString('hex'), name?: string): Promise<URL> {
  const query = new URLSearchParams({ client_id: stack.clientId, response_type: 'code', redirect_uri: redirectUri, scope: 'openid email', identity_provider: 'Google', ...params })
  const start = await fetch(`${server.url}/oauth2/authorize?${query}`, { redirect: 'manual' })
  expect(start.status).toBe(302)
  const tx = new URL(start.headers.get('location')!, server.url).searchParams.get('tx')!
  const back = await fetch(`${server.url}/google`, form({ tx, sub, decision, email: `${sub}@example.com`, ...name !== undefined && { name } }))
  expect(back.status).toBe(302)
  return new URL(back.headers.get('location')!)
}

function token(body: Record<string, string>) {
  return fetch(`${server.url}/oauth2/token`, form({ client_id: stack.clientId, ...body }))
}

function pkce() {
  const verifier = randomBytes(48).toString('base64url')
  return { verifier, params: { code_challenge: s256(verifier), code_challenge_method: 'S256' } }
}

describe('managed-login stand-in', () => {
  it('gives emulator tokens of the federated user for a code, the verifier and the same redirect_uri; state comes back as given', async () => {
    const { verifier, params } = pkce()
    const back = await authorize({ ...params, state: 'st-1' }, 'allow', 'g42')
    expect(back.searchParams.get('state')).toBe('st-1')
    const res = await token({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier })
    expect(res.status).toBe(200)
    const tokens = await res.json() as Record<string, string>
    expect(decodeJwtPayload(tokens.access_token)).toMatchObject({ iss: stack.issuer, username: 'google_g42', token_use: 'access' })
    expect(decodeJwtPayload(tokens.id_token)).toMatchObject({ iss: stack.issuer, aud: stack.clientId, email: 'g42@example.com' })
    expect(tokens.refresh_token).toBeTruthy()
  })

  // What the app's fetchUserAttributes() reads (GetUser; the emulator's id tokens carry email only,
  // so the attribute is read as Cognito's /oauth2/userInfo returns it).
  it('the Google account\'s name becomes the pool user\'s `name` attribute, replaced by the name of a later sign-in', async () => {
    const sub = randomBytes(4).toString('hex')
    const nameAfterSignIn = async (name: string) => {
      const { verifier, params } = pkce()
      const code = (await authorize(params, 'allow', sub, name)).searchParams.get('code')!
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier })
      const { access_token } = await res.json() as Record<string, string>
      return (await (await fetch(`${server.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${access_token}` } })).json() as Record<string, string>).name
    }
    expect(await nameAfterSignIn('Grace Google')).toBe('Grace Google')
    expect(await nameAfterSignIn('Grace Hopper')).toBe('Grace Hopper')
  })

  it('refuses a wrong PKCE verifier, a different redirect_uri, another client, and a code used twice', async () => {
    const cases: Array<[Record<string, string>, (verifier: string) => Record<string, string>]> = [
      [{}, () => ({ code_verifier: randomBytes(48).toString('base64url') })],
      [{}, v => ({ code_verifier: v, redirect_uri: `${redirectUri}/` })],
      [{}, v => ({ code_verifier: v, client_id: stack.shortClientId })],
    ]
    for (const [, change] of cases) {
      const { verifier, params } = pkce()
      const code = (await authorize(params)).searchParams.get('code')!
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...change(verifier) })
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: 'invalid_grant' })
      // Refused once, the code is gone even for the right request.
      expect((await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier })).status).toBe(400)
    }
    const { verifier, params } = pkce()
    const code = (await authorize(params)).searchParams.get('code')!
    const good = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }
    expect((await token(good)).status).toBe(200)
    expect((await token(good)).status).toBe(400)
  })

  it('refuses an expired code', async () => {
    const { verifier, params } = pkce()
    server.grants.codeLifetimeMs = 0
    try {
      const code = (await authorize(params)).searchParams.get('code')!
      expect((await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier })).status).toBe(400)
    }
    finally {
      server.grants.codeLifetimeMs = 5 * 60_000
    }
  })

  it('checks the authorize request: registered redirect_uri, S256 challenge, known scopes', async () => {
    const base = { client_id: stack.clientId, response_type: 'code', redirect_uri: redirectUri, ...pkce().params }
    const get = (params: Record<string, string>) => fetch(`${server.url}/oauth2/authorize?${new URLSearchParams({ ...base, ...params })}`, { redirect: 'manual' })
    expect((await get({ redirect_uri: 'http://127.0.0.1:9/elsewhere' })).status).toBe(400)
    expect((await get({ client_id: 'nope' })).status).toBe(400)
    for (const [params, error] of [[{ code_challenge_method: 'plain' }, 'invalid_request'], [{ scope: 'openid admin' }, 'invalid_scope'], [{ response_type: 'token' }, 'unsupported_response_type']] as const) {
      const res = await get({ ...params, state: 's' })
      expect(res.status).toBe(302)
      const back = new URL(res.headers.get('location')!)
      expect([back.origin + back.pathname, back.searchParams.get('error'), back.searchParams.get('state')]).toEqual([redirectUri, error, 's'])
    }
  })

  it('a denial at the provider comes back as access_denied with the state', async () => {
    const back = await authorize({ ...pkce().params, state: 'st-2' }, 'deny')
    expect([back.searchParams.get('error'), back.searchParams.get('state'), back.searchParams.get('code')]).toEqual(['access_denied', 'st-2', null])
  })

  it('refreshes with the refresh token until it is revoked', async () => {
    const { verifier, params } = pkce()
    const code = (await authorize(params)).searchParams.get('code')!
    const tokens = await (await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier })).json() as Record<string, string>
    const refresh = () => token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })
    expect((await refresh()).status).toBe(200)
    expect((await fetch(`${server.url}/oauth2/revoke`, form({ client_id: stack.clientId, token: tokens.refresh_token! }))).status).toBe(200)
    const refused = await refresh()
    expect([refused.status, await refused.json()]).toEqual([400, { error: 'invalid_grant' }])
  })

  it('/logout goes only to a registered sign-out URL; /oauth2/userInfo needs a valid access token', async () => {
    const logout = (uri: string) => fetch(`${server.url}/logout?${new URLSearchParams({ client_id: stack.clientId, logout_uri: uri })}`, { redirect: 'manual' })
    expect((await logout('http://127.0.0.1:9/')).headers.get('location')).toBe('http://127.0.0.1:9/')
    expect((await logout('https://evil.example/')).status).toBe(400)
    expect((await fetch(`${server.url}/oauth2/userInfo`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
  })
})
