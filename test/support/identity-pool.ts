import { createHash, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback } from './net'
import { createLoginVerifier, type UserPoolProvider } from './identity-pool-logins'
import type { CredentialRegistry } from './issued-credentials'

// A minimal Cognito Identity (identity pool) endpoint on 127.0.0.1: no emulator for it exists in the
// registries. Amplify reaches it through `Auth.Cognito.identityPoolEndpoint` (a full URL, used as is
// by createCognitoIdentityPoolEndpointResolver); `identityPoolId` must still look like
// `<region>:<id>` because Amplify takes the region from it.
//
// What aws-amplify 6.22 sends (@aws-amplify/core foundation/factories/serviceClients/cognitoIdentity,
// @aws-amplify/auth providers/cognito/credentialsProvider): POST, `content-type:
// application/x-amz-json-1.1`, `x-amz-target: AWSCognitoIdentityService.<Op>`, unsigned.
// - GetId { IdentityPoolId, Logins } -> reads IdentityId. Logins is `{}` for guests, else
//   `{ '<iss without https://>': <ID token> }` (formLoginsMap: the *ID* token, keyed by its issuer).
// - GetCredentialsForIdentity { IdentityId, Logins? } -> reads Credentials.{AccessKeyId, SecretKey,
//   SessionToken, Expiration (epoch SECONDS, it does `new Date(Expiration * 1000)`)} and IdentityId.
// - errors: name from `x-amzn-errortype` / body.__type, message from body.message.
// As in Cognito, a login is checked before it counts (identity-pool-logins.ts: signature against the
// user pool's keys, issuer, audience, expiry), and every GetCredentialsForIdentity issues a new key
// pair of its own for that one identity (issued-credentials.ts), which the S3 stand-in verifies.
// CreateIdentityPool (unsigned here) gives a test a pool of its own, so its call counts are its own.

export interface IdentityPoolOptions {
  identityPoolId?: string
  /** Cognito's "allow unauthenticated identities"; false: GetId without Logins -> NotAuthorizedException. */
  allowGuests?: boolean
  /** The user pool whose ID tokens are accepted as logins. */
  userPool: UserPoolProvider
  /** Where issued credentials are recorded (shared with the S3 stand-in). */
  registry: CredentialRegistry
  /** Lifetime of the returned credentials. */
  ttlSeconds?: number
}

export interface IdentityPoolServer {
  /** Value for `Auth.Cognito.identityPoolEndpoint`. */
  url: string
  identityPoolId: string
  /** Calls per operation since start (also at `GET /__shim/counts`, `?pool=<id>` for one pool's calls). */
  counts: () => Record<string, number>
  stop: () => Promise<void>
}

interface Reply { status: number, body: unknown }
const error = (type: string, message: string): Reply => ({ status: 400, body: { __type: type, message } })
const ok = (body: unknown): Reply => ({ status: 200, body })

export async function startIdentityPool(options: IdentityPoolOptions): Promise<IdentityPoolServer> {
  const identityPoolId = options.identityPoolId ?? 'us-east-1:00000000-0000-4000-8000-000000000000'
  const region = identityPoolId.split(':')[0]!
  const ttlSeconds = options.ttlSeconds ?? 3600
  const { registry } = options
  const verifyLogin = createLoginVerifier(options.userPool)
  /** Pool id -> allows guests. */
  const pools = new Map([[identityPoolId, options.allowGuests ?? true]])
  /** Identity id -> its pool (authenticated ones and the guests this server created). */
  const poolOfIdentity = new Map<string, string>()
  const authenticatedIds = new Set<string>()
  const counts: Record<string, number> = {}
  const poolCounts = new Map<string, Record<string, number>>()

  // An authenticated identity is a pure function of pool and login (issuer + sub): stable across
  // calls and server restarts, like Cognito's "one identity per linked login".
  const identityFromLogins = async (pool: string, logins: unknown): Promise<{ id: string } | { reply: Reply } | undefined> => {
    if (!logins || typeof logins !== 'object' || !Object.keys(logins).length)
      return undefined
    const login = await verifyLogin(logins as Record<string, unknown>)
    if ('error' in login)
      return { reply: error('NotAuthorizedException', login.error) }
    const hex = createHash('sha256').update(`${pool}|${login.provider}|${login.sub}`).digest('hex')
    const id = `${region}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
    authenticatedIds.add(id)
    poolOfIdentity.set(id, pool)
    return { id }
  }

  const credentialsFor = (identityId: string, authenticated: boolean) => {
    const issued = registry.issue(identityId, authenticated, ttlSeconds)
    return ok({
      IdentityId: identityId,
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: Math.floor(issued.expiresAt / 1000),
      },
    })
  }

  const handle = async (operation: string, req: any): Promise<Reply> => {
    if (operation === 'CreateIdentityPool') {
      const id = `${region}:${randomUUID()}`
      pools.set(id, req?.AllowUnauthenticatedIdentities === true)
      return ok({ IdentityPoolId: id, IdentityPoolName: req?.IdentityPoolName, AllowUnauthenticatedIdentities: pools.get(id) })
    }
    if (operation === 'GetId') {
      const pool = req?.IdentityPoolId
      if (!pools.has(pool))
        return error('ResourceNotFoundException', `IdentityPool '${pool}' not found.`)
      const login = await identityFromLogins(pool, req.Logins)
      if (login)
        return 'reply' in login ? login.reply : ok({ IdentityId: login.id })
      if (!pools.get(pool))
        return error('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.')
      const id = `${region}:${randomUUID()}`
      poolOfIdentity.set(id, pool)
      return ok({ IdentityId: id })
    }
    if (operation === 'GetCredentialsForIdentity') {
      const identityId = req?.IdentityId
      if (typeof identityId !== 'string' || !identityId.startsWith(`${region}:`))
        return error('ResourceNotFoundException', `Identity '${identityId}' not found.`)
      // Guest ids may come from cookies of an earlier run: those count as the default pool's.
      const pool = poolOfIdentity.get(identityId) ?? identityPoolId
      const login = await identityFromLogins(pool, req.Logins)
      if (login) {
        if ('reply' in login)
          return login.reply
        // A guest id presented with a login ends up as the login's identity (Amplify stores the
        // returned IdentityId), which is what Cognito does once the login is linked.
        return credentialsFor(login.id, true)
      }
      // An authenticated identity needs its login, as in Cognito.
      if (authenticatedIds.has(identityId))
        return error('NotAuthorizedException', `Access to Identity '${identityId}' is forbidden.`)
      if (!pools.get(pool))
        return error('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.')
      return credentialsFor(identityId, false)
    }
    return error('UnknownOperationException', `Unknown operation ${operation}`)
  }

  // Counted after handling, when a GetCredentialsForIdentity's identity is known to belong to a pool.
  const count = (operation: string, req: any) => {
    counts[operation] = (counts[operation] ?? 0) + 1
    const pool = req?.IdentityPoolId ?? poolOfIdentity.get(req?.IdentityId)
    if (typeof pool !== 'string')
      return
    const own = poolCounts.get(pool) ?? {}
    own[operation] = (own[operation] ?? 0) + 1
    poolCounts.set(pool, own)
  }

  const send = (res: ServerResponse, { status, body }: Reply) => {
    const type = (body as { __type?: string }).__type
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      ...(type ? { 'x-amzn-errortype': type } : {}),
    })
    res.end(JSON.stringify(body))
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    // Browser-side Amplify calls this endpoint cross-origin from the app under test.
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', '*')
    res.setHeader('access-control-allow-methods', 'POST, GET, OPTIONS')
    if (req.method === 'OPTIONS')
      return void res.writeHead(204).end()
    const url = new URL(req.url ?? '/', 'http://pool')
    if (req.method === 'GET' && url.pathname === '/__shim/counts') {
      const pool = url.searchParams.get('pool')
      return send(res, ok(pool ? poolCounts.get(pool) ?? {} : counts))
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const target = String(req.headers['x-amz-target'] ?? '')
    const operation = target.startsWith('AWSCognitoIdentityService.') ? target.slice(26) : target
    let body: any
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    }
    catch {
      return send(res, error('SerializationException', 'Invalid JSON'))
    }
    const reply = await handle(operation, body)
    count(operation, body)
    send(res, reply)
  })
  const listening = await listenOnLoopback(server)
  return { ...listening, identityPoolId, counts: () => ({ ...counts }) }
}
