import { createHash, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LOOPBACK } from './net'
import { S3RVER_CREDENTIALS } from './s3'

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
// Tokens are decoded, not verified (like the AppSync simulator); `exp` and the issuer are checked.
//
// The credentials default to s3rver's key pair: s3rver only checks that the access key id is
// registered (`S3RVER`) and ignores signatures and session tokens.

export interface IdentityPoolOptions {
  identityPoolId?: string
  /** Cognito's "allow unauthenticated identities"; false: GetId without Logins -> NotAuthorizedException. */
  allowGuests?: boolean
  /** Accepted login provider, e.g. `https://cognito-idp.us-east-1.amazonaws.com/<poolId>`; any if unset. */
  userPoolIssuer?: string
  credentials?: { accessKeyId: string, secretAccessKey: string }
  /** Lifetime of the returned credentials. */
  ttlSeconds?: number
}

export interface IdentityPoolServer {
  /** Value for `Auth.Cognito.identityPoolEndpoint`. */
  url: string
  identityPoolId: string
  /** Calls per operation since start or the last reset (also at `GET /__shim/counts`). */
  counts: () => Record<string, number>
  resetCounts: () => void
  stop: () => Promise<void>
}

interface Reply { status: number, body: unknown }
const error = (type: string, message: string): Reply => ({ status: 400, body: { __type: type, message } })

function decodePayload(token: string): Record<string, any> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
  }
  catch {
    return undefined
  }
}

export async function startIdentityPool(options: IdentityPoolOptions = {}): Promise<IdentityPoolServer> {
  const identityPoolId = options.identityPoolId ?? 'us-east-1:00000000-0000-4000-8000-000000000000'
  const region = identityPoolId.split(':')[0]
  const allowGuests = options.allowGuests ?? true
  const { accessKeyId, secretAccessKey } = options.credentials ?? S3RVER_CREDENTIALS
  const ttlSeconds = options.ttlSeconds ?? 3600
  const acceptedProvider = options.userPoolIssuer?.replace(/^\w+:\/\//, '')
  const authenticatedIds = new Set<string>()
  let counts: Record<string, number> = {}

  // An authenticated identity is a pure function of the login (issuer + sub): stable across calls
  // and server restarts, like Cognito's "one identity per linked login".
  const identityFromLogins = (logins: unknown): { id: string } | { reply: Reply } | undefined => {
    const entries = Object.entries((logins ?? {}) as Record<string, string>)
    if (!entries.length)
      return undefined
    const [provider, token] = entries[0]!
    const claims = typeof token === 'string' ? decodePayload(token) : undefined
    if (!claims?.sub || !claims.iss)
      return { reply: error('NotAuthorizedException', 'Invalid login token. Not a valid OpenId Connect identity token.') }
    if (claims.iss.replace(/^\w+:\/\//, '') !== provider)
      return { reply: error('NotAuthorizedException', 'Invalid login token. Issuer doesn\'t match providerName') }
    if (acceptedProvider && provider !== acceptedProvider)
      return { reply: error('NotAuthorizedException', 'Token is not from a supported provider of this identity pool.') }
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now())
      return { reply: error('NotAuthorizedException', 'Invalid login token. Token expired.') }
    const hex = createHash('sha256').update(`${provider}|${claims.sub}`).digest('hex')
    const id = `${region}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
    authenticatedIds.add(id)
    return { id }
  }

  const credentialsFor = (identityId: string, authenticated: boolean) => ({
    IdentityId: identityId,
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretKey: secretAccessKey,
      // Not checked by anyone; tells a test which identity the credentials were issued to.
      SessionToken: `${authenticated ? 'auth' : 'guest'}:${identityId}:${randomUUID()}`,
      Expiration: Math.floor(Date.now() / 1000) + ttlSeconds,
    },
  })

  const handle = (operation: string, req: any): Reply => {
    if (operation === 'GetId') {
      if (req?.IdentityPoolId !== identityPoolId)
        return error('ResourceNotFoundException', `IdentityPool '${req?.IdentityPoolId}' not found.`)
      const login = identityFromLogins(req.Logins)
      if (login)
        return 'reply' in login ? login.reply : { status: 200, body: { IdentityId: login.id } }
      if (!allowGuests)
        return error('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.')
      return { status: 200, body: { IdentityId: `${region}:${randomUUID()}` } }
    }
    if (operation === 'GetCredentialsForIdentity') {
      const identityId = req?.IdentityId
      if (typeof identityId !== 'string' || !identityId.startsWith(`${region}:`))
        return error('ResourceNotFoundException', `Identity '${identityId}' not found.`)
      const login = identityFromLogins(req.Logins)
      if (login) {
        if ('reply' in login)
          return login.reply
        // A guest id presented with a login ends up as the login's identity (Amplify stores the
        // returned IdentityId), which is what Cognito does once the login is linked.
        return { status: 200, body: credentialsFor(login.id, true) }
      }
      // Guest: any well-formed id is honoured (ids may come from cookies of an earlier run), but an
      // authenticated identity needs its login, as in Cognito.
      if (authenticatedIds.has(identityId))
        return error('NotAuthorizedException', `Access to Identity '${identityId}' is forbidden.`)
      if (!allowGuests)
        return error('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.')
      return { status: 200, body: credentialsFor(identityId, false) }
    }
    return error('UnknownOperationException', `Unknown operation ${operation}`)
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
    if (req.method === 'GET' && req.url === '/__shim/counts')
      return send(res, { status: 200, body: counts })
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const target = String(req.headers['x-amz-target'] ?? '')
    const operation = target.startsWith('AWSCognitoIdentityService.') ? target.slice(26) : target
    counts[operation] = (counts[operation] ?? 0) + 1
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    }
    catch {
      return send(res, error('SerializationException', 'Invalid JSON'))
    }
    send(res, handle(operation, body))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, LOOPBACK, () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://${LOOPBACK}:${port}`,
    identityPoolId,
    counts: () => ({ ...counts }),
    resetCounts: () => { counts = {} },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
