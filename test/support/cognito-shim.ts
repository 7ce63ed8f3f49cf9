// A loopback HTTP proxy in front of cognito-local. Amplify's Auth.Cognito.userPoolEndpoint
// points here. It (1) answers the operations cognito-local lacks or gets wrong (the `answered`
// table below: refresh and sign-out in shim-handlers.ts, SRP in shim-srp.ts, challenges in
// shim-challenges.ts, sign-up and password reset in shim-accounts.ts, TOTP in shim-mfa.ts;
// scripted errors in shim-failures.ts),
// (2) counts every Cognito call and JWKS fetch so tests can assert "no extra Cognito traffic",
// and (3) can pretend Cognito is down or slow. Tests in other processes (vitest workers,
// Nuxt fixture servers) read and drive it over HTTP:
//   GET  /__shim/counts -> { "<Operation>": n, "jwks": n, ... }
//   POST /__shim/reset  -> zero the counts
//   GET  /__shim/mode   -> current ShimSettings
//   POST /__shim/mode   <- partial ShimSettings, e.g. {"mode":"hang"}
//   POST /__shim/codes/expire <- {"username"}: that user's one-time codes expire now (shim-codes.ts)
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { LOOPBACK } from './net'
import { type CallUpstream, errorReply, RefreshTokenLedger, type Reply } from './shim-handlers'
import { CognitoDb } from './cognito-db'
import type { SignInContext } from './shim-challenges'
import { ExpiringHandles } from './shim-sessions'
import { accessTokenVerifier, answeredOperations } from './shim-operations'
import { RefreshTokenRotation } from './shim-rotation'
import { type FailNext, takeScriptedFailure, validateFailNext } from './shim-failures'
import { deliverToLog, OneTimeCodes } from './shim-codes'
import { ShimMfaState } from './shim-mfa-state'

/**
 * How Cognito API calls (POST with X-Amz-Target) are answered:
 * normal = proxied/translated; hang = never answered (timeout tests); error500 = HTTP 500
 * InternalErrorException; reset = connection destroyed (unreachable Cognito).
 */
export type ShimMode = 'normal' | 'hang' | 'error500' | 'reset'
export interface ShimSettings {
  mode: ShimMode
  /** Delay before answering API calls in normal mode (slow Cognito, overlapping refreshes). */
  delayMs: number
  /** Apply `mode`/`delayMs` to JWKS fetches as well (default: JWKS always answers). */
  jwks: boolean
  /** Scripted errors for the next calls of given operations (shim-failures.ts). */
  failNext: FailNext
  /** Refresh-token rotation with no grace period, as Cognito's app client setting (shim-rotation.ts). */
  rotateRefreshTokens: boolean
}
/** Calls per operation name (X-Amz-Target without the service prefix), `jwks` for JWKS GETs. */
export type ShimCounts = Record<string, number>

export interface CognitoShimOptions {
  /** cognito-local base URL; may be set later with setUpstream() (see stack.ts for why). */
  upstream?: string
  /** cognito-local's state dir (CognitoLocal.dir): needed for SRP and challenges (see cognito-db.ts). */
  dataDir?: string
  port?: number
  settings?: Partial<ShimSettings>
}
export interface CognitoShim {
  url: string
  port: number
  setUpstream(url: string, dataDir?: string): void
  counts(): ShimCounts
  resetCounts(): void
  settings(): ShimSettings
  configure(settings: Partial<ShimSettings>): ShimSettings
  stop(): Promise<void>
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.'
const JWKS_PATH = /^\/[^/]+\/\.well-known\/jwks\.json$/
const MODES: ShimMode[] = ['normal', 'hang', 'error500', 'reset']
const DEFAULTS: ShimSettings = { mode: 'normal', delayMs: 0, jwks: false, failNext: {}, rotateRefreshTokens: false }
// Hop-by-hop or recomputed headers that must not be copied between the two connections.
const SKIP_HEADERS = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding', 'upgrade', 'expect'])
// Browsers call the shim cross-origin (Amplify in the page), so every answer carries CORS headers.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, date',
}

export async function startCognitoShim(options: CognitoShimOptions = {}): Promise<CognitoShim> {
  let upstream = options.upstream?.replace(/\/+$/, '')
  let dataDir = options.dataDir
  let settings: ShimSettings = { ...DEFAULTS, failNext: {} }
  let counts: ShimCounts = {}
  const ledger = new RefreshTokenLedger()

  const call: CallUpstream = async (operation, body) => {
    const res = await fetch(`${requireUpstream()}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET_PREFIX + operation },
      body: JSON.stringify(body ?? {}),
    })
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    }
    catch {
      parsed = { message: text }
    }
    return { status: res.status, body: parsed }
  }
  const signIn: SignInContext = {
    call,
    ledger,
    db: options.dataDir ? new CognitoDb(options.dataDir) : undefined,
    srp: new ExpiringHandles(),
    challenges: new ExpiringHandles(),
    codes: new OneTimeCodes({ deliver: deliverToLog(() => dataDir) }),
    mfa: new ShimMfaState(),
  }
  const verifyAccessToken = accessTokenVerifier(requireUpstream)
  function requireUpstream(): string {
    if (!upstream) throw new Error('cognito shim has no upstream yet')
    return upstream
  }

  function configure(patch: Partial<ShimSettings>): ShimSettings {
    if (patch.mode !== undefined && !MODES.includes(patch.mode)) throw new Error(`unknown shim mode ${patch.mode}`)
    const failNext = patch.failNext === undefined ? settings.failNext : validateFailNext(patch.failNext)
    settings = { ...settings, ...patch, failNext }
    return structuredClone(settings)
  }
  if (options.settings) configure(options.settings)

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://shim').pathname
    const body = await readBody(req)
    if (path.startsWith('/__shim/')) return control(req.method, path, body, res)
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*', 'access-control-max-age': '600' })
      return void res.end()
    }
    const target = req.headers['x-amz-target']
    const operation = typeof target === 'string' ? target.split('.').pop() : undefined
    const isJwks = req.method === 'GET' && JWKS_PATH.test(path)
    const key = operation ?? (isJwks ? 'jwks' : `${req.method} ${path}`)
    counts[key] = (counts[key] ?? 0) + 1

    if (operation || (isJwks && settings.jwks)) {
      if (settings.mode === 'hang') return // never answered; stop() destroys the socket
      if (settings.mode === 'reset') return void req.socket.destroy()
      if (settings.mode === 'error500') return send(res, errorReply('InternalErrorException', 'Internal server error (simulated by the test shim)', 500))
      if (settings.delayMs > 0) await new Promise(resolve => setTimeout(resolve, settings.delayMs))
    }
    const scripted = operation ? takeScriptedFailure(settings.failNext, operation) : undefined
    if (scripted) return send(res, scripted)
    const answer = operation ? answered[operation] : undefined
    if (!answer) return passThrough(req, body, res)
    let request: unknown
    try {
      request = JSON.parse(body.toString('utf8') || '{}')
    }
    catch {
      return send(res, errorReply('SerializationException', 'Request body is not valid JSON'))
    }
    send(res, await answer(request))
  }

  const answered = answeredOperations(call, ledger, signIn, verifyAccessToken, new RefreshTokenRotation(() => settings.rotateRefreshTokens))

  function control(method: string | undefined, path: string, body: Buffer, res: ServerResponse): void {
    const reply = (status: number, value: unknown) => send(res, { status, body: value }, 'application/json')
    if (path === '/__shim/counts' && method === 'GET') return reply(200, counts)
    if (path === '/__shim/reset' && method === 'POST') {
      counts = {}
      return reply(200, {})
    }
    if (path === '/__shim/codes/expire' && method === 'POST') {
      let username: unknown
      try {
        username = JSON.parse(body.toString('utf8') || '{}')?.username
      }
      catch {
        // not JSON: answered 400 below
      }
      if (typeof username !== 'string') return reply(400, { message: 'body must be {"username": "..."}' })
      return reply(200, { aged: signIn.codes.expireUser(username) })
    }
    if (path === '/__shim/mode' && method === 'GET') return reply(200, settings)
    if (path === '/__shim/mode' && method === 'POST') {
      try {
        return reply(200, configure(JSON.parse(body.toString('utf8') || '{}')))
      }
      catch (error) {
        return reply(400, { message: (error as Error).message })
      }
    }
    reply(404, { message: `unknown shim endpoint ${method} ${path}` })
  }

  // Everything else (other operations, JWKS, /health, OAuth2 routes) goes to cognito-local unchanged.
  async function passThrough(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (!SKIP_HEADERS.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const up = await fetch(`${requireUpstream()}${req.url ?? '/'}`, { method: req.method, headers, body: hasBody ? new Uint8Array(body) : undefined })
    const payload = Buffer.from(await up.arrayBuffer())
    const out: Record<string, string> = {}
    up.headers.forEach((value, name) => {
      if (!SKIP_HEADERS.has(name)) out[name] = value
    })
    res.writeHead(up.status, out)
    res.end(payload)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, errorReply('InternalErrorException', `cognito shim: ${error.message}`, 502))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, LOOPBACK, () => resolve())
  })
  const port = (server.address() as { port: number }).port

  let stopped: Promise<void> | undefined
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    setUpstream: (url, dir) => {
      upstream = url.replace(/\/+$/, '')
      if (dir) {
        dataDir = dir
        signIn.db = new CognitoDb(dir)
      }
    },
    counts: () => ({ ...counts }),
    resetCounts: () => { counts = {} },
    settings: () => structuredClone(settings),
    configure,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections() // includes requests parked by mode "hang"
      })
      return stopped
    },
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Writes a JSON reply the way Cognito does: x-amzn-requestid always, x-amzn-errortype on errors. */
function send(res: ServerResponse, reply: Reply, contentType = 'application/x-amz-json-1.1'): void {
  const headers: Record<string, string> = { ...CORS, 'content-type': contentType, 'x-amzn-requestid': randomUUID() }
  const type = (reply.body as { __type?: unknown } | undefined)?.__type
  if (reply.status >= 400 && typeof type === 'string') headers['x-amzn-errortype'] = type
  res.writeHead(reply.status, headers)
  res.end(JSON.stringify(reply.body))
}
