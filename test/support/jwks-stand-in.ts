// A loopback stand-in for a user pool's issuer and key set, with keys the tests control (the
// emulator signs every pool with one fixed key and never rotates it). It does what Cognito's
// endpoint does for the module: `GET <issuer>/.well-known/jwks.json` answers the public halves of
// the current keys (kty, n, e, kid, alg, use; never a private member), and tokens are signed RS256
// with the private key of their `kid`. On demand it rotates keys, answers 500 or 404, or hangs, and
// it counts key-set fetches. The server under test is pointed here with the `tokenIssuer` and
// `jwksUrl` options (NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER / NUXT_PUBLIC_AMPLIFY_JWKS_URL).
import { createServer, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose'
import { LOOPBACK } from './net'

export type JwksMode = 'normal' | 'error500' | 'notFound' | 'hang'

export interface JwksStandIn {
  /** The `iss` of its tokens; the key set is at `${issuer}/.well-known/jwks.json`. */
  issuer: string
  jwksUrl: string
  /** Key-set GETs answered or refused so far. */
  fetches(): number
  setMode(mode: JwksMode): void
  /** The kid new tokens are signed with by default. */
  newestKid(): string
  /** A new signing key, published from now on; returns its kid. */
  addKey(): Promise<string>
  /** Stops publishing a key (its tokens can still be signed, as a stolen key could). */
  withdrawKey(kid: string): void
  /** Signs `claims` RS256 with the private key of `kid` (default: the newest key), `iss` set to this issuer unless given. */
  sign(claims: JWTPayload, kid?: string): Promise<string>
  stop(): Promise<void>
}

const PUBLIC_MEMBERS = ['kty', 'n', 'e'] as const

export async function startJwksStandIn(): Promise<JwksStandIn> {
  const keys = new Map<string, { privateKey: CryptoKey, publicJwk: JWK, published: boolean }>()
  let newest = ''
  let mode: JwksMode = 'normal'
  let fetches = 0

  async function addKey(): Promise<string> {
    const kid = `stand-in-${randomBytes(6).toString('hex')}`
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
    const full = await exportJWK(publicKey)
    // Only the public members, whatever jose exports: the key set must never carry a private member.
    const publicJwk: JWK = { ...Object.fromEntries(PUBLIC_MEMBERS.map(m => [m, full[m]])), kid, alg: 'RS256', use: 'sig' }
    keys.set(kid, { privateKey, publicJwk, published: true })
    newest = kid
    return kid
  }

  function answer(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname
    if (req.method !== 'GET' || path !== '/pool/.well-known/jwks.json') return answer(res, 404, { message: 'not found' })
    fetches++
    if (mode === 'hang') return // never answered; stop() closes the socket
    if (mode === 'error500') return answer(res, 500, { message: 'simulated outage' })
    if (mode === 'notFound') return answer(res, 404, { message: 'simulated wrong URL' })
    answer(res, 200, { keys: [...keys.values()].filter(k => k.published).map(k => k.publicJwk) })
  })
  await new Promise<void>(resolve => server.listen(0, LOOPBACK, resolve))
  const base = `http://${LOOPBACK}:${(server.address() as { port: number }).port}`
  const issuer = `${base}/pool`
  await addKey()

  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    fetches: () => fetches,
    setMode: (next) => { mode = next },
    newestKid: () => newest,
    addKey,
    withdrawKey: (kid) => { keys.get(kid)!.published = false },
    async sign(claims, kid = newest) {
      const key = keys.get(kid)
      if (!key) throw new Error(`no key ${kid}`)
      return new SignJWT({ iss: issuer, ...claims }).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key.privateKey)
    },
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}
