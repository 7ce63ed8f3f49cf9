import { createServer } from 'node:http'
import { listenOnLoopback } from './net'

// A loopback REST API that echoes how it was called, for the REST part of the API category.
//
// How aws-amplify 6.22 (@aws-amplify/api-rest 4.7) authenticates REST calls
// (apis/common/transferHandler.mjs, utils/isIamAuthApplicable.mjs):
// - it never adds a user-pool token by itself. If the request has an `Authorization` header (from
//   the call's `options.headers` or `libraryOptions.API.REST.headers({ apiName })`), it is sent
//   unsigned, as given (Amplify's docs pass the ID token: `Authorization: <idToken>`).
// - otherwise, unless `libraryOptions.API.REST.defaultAuthMode === 'none'`, it calls
//   fetchAuthSession(); with AWS credentials (identity pool, guest or signed in) the request is
//   SigV4-signed (`Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/execute-api/...`,
//   `x-amz-security-token`, `x-amz-date`); without credentials it goes out unsigned.
// - the signing region/service come from `API.REST.<name>.{region, service}` for non-AWS hosts
//   (defaults us-east-1 / execute-api).
// Nothing here verifies signatures or token signatures: the echo only reports what it received.

export interface EchoReply {
  method: string
  path: string
  query: Record<string, string>
  /** Kind of the Authorization header: a user-pool JWT, a SigV4 signature, or something else. */
  authorization: 'jwt' | 'sigv4' | 'other'
  /** `username` (access token) or `cognito:username` (ID token) claim of a JWT Authorization. */
  user: string | null
  tokenUse: string | null
  sigv4: boolean
  /** From the SigV4 Credential= scope and `x-amz-security-token` (the identity server puts the identity id there). */
  accessKeyId: string | null
  sessionToken: string | null
  body: unknown
}

function jwtClaims(value: string): Record<string, any> | undefined {
  const token = value.replace(/^Bearer\s+/i, '')
  const parts = token.split('.')
  if (parts.length !== 3)
    return undefined
  try {
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
  }
  catch {
    return undefined
  }
}

export async function startRestEcho(): Promise<{ url: string, stop: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        // Browser-side calls come from the app's origin.
        'access-control-allow-origin': '*',
        'access-control-allow-headers': '*',
        'access-control-allow-methods': '*',
      })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'OPTIONS')
      return json(204, null)
    const authorization = req.headers.authorization
    if (!authorization)
      return json(401, { message: 'Unauthorized' })
    // A refusal in API Gateway's shape, for tests of how a 4xx of the API surfaces.
    if (req.url?.startsWith('/forbidden')) {
      res.setHeader('x-amzn-errortype', 'AccessDeniedException')
      return json(403, { message: 'This path is not allowed.' })
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    let body: unknown = text || null
    try {
      body = text ? JSON.parse(text) : null
    }
    catch { /* not JSON: echo the text */ }

    const url = new URL(req.url ?? '/', 'http://echo')
    const sigv4 = authorization.startsWith('AWS4-HMAC-SHA256 ')
    const claims = sigv4 ? undefined : jwtClaims(authorization)
    const reply: EchoReply = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: sigv4 ? 'sigv4' : claims ? 'jwt' : 'other',
      user: claims?.username ?? claims?.['cognito:username'] ?? null,
      tokenUse: claims?.token_use ?? null,
      sigv4,
      accessKeyId: sigv4 ? (/Credential=([^/]+)\//.exec(authorization)?.[1] ?? null) : null,
      sessionToken: (req.headers['x-amz-security-token'] as string | undefined) ?? null,
      body,
    }
    json(200, reply)
  })
  return listenOnLoopback(server)
}

/**
 * The REST API config piece: `{ [name]: { endpoint, region } }`. In ResourcesConfig it goes under
 * `API.REST`; in a Gen2 amplify_outputs.json it is `custom.API` by convention, which
 * parseAmplifyConfig does NOT read (it only maps `custom.events`), so whoever loads the outputs
 * must merge it: `{ ...parsed, API: { ...parsed.API, REST: outputs.custom.API } }`.
 * Amplify appends the call's `path` to `endpoint` verbatim (no slash added).
 */
export function restOutputs(url: string, { name = 'echo', region = 'us-east-1' }: { name?: string, region?: string } = {}) {
  return { [name]: { endpoint: url, region } }
}
