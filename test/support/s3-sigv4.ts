import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { Sha256 } from '@aws-crypto/sha256-js'
import { SignatureV4 } from '@smithy/signature-v4'
import type { CredentialRegistry, IssuedCredentials } from './issued-credentials'

// What S3 checks of a request's Signature Version 4 before anything else, for the S3 stand-in
// (s3-proxy.ts): the access key must be one the identity pool issued and not expired, the session
// token must be the one issued with it, and the signature must be what AWS's own signer
// (@smithy/signature-v4, as the AWS SDK uses it for S3) computes with that key's secret over the
// request as it was signed, i.e. with the AWS host name. Both header auth (`Authorization:
// AWS4-HMAC-SHA256 …`) and presigned URLs (`X-Amz-Signature` in the query, with expiry) are checked.

export interface SignedRequest {
  method: string
  /** The host the client signed (`<bucket>.s3.<region>.amazonaws.com`), not the loopback one it reached. */
  host: string
  /** The path as sent (still percent-encoded: S3 signs it without re-encoding). */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface S3Refusal { status: number, code: string, message: string }
export type SignatureVerdict = { credentials: IssuedCredentials } | { refused: S3Refusal }

const refuse = (status: number, code: string, message: string): { refused: S3Refusal } => ({ refused: { status, code, message } })
const UNSIGNED = 'UNSIGNED-PAYLOAD'
const MAX_SKEW_MS = 15 * 60 * 1000
const AUTH_QUERY = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token']

/** `20261201T114525Z` -> Date, or undefined. */
function parseAmzDate(value: string | null | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '')
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : undefined
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

function queryObject(query: URLSearchParams, without: string[]): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {}
  for (const [key, value] of query) {
    if (without.includes(key))
      continue
    const previous = result[key]
    result[key] = previous === undefined ? value : [...[previous].flat(), value]
  }
  return result
}

const sameSignature = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

export async function verifySignature(request: SignedRequest, registry: CredentialRegistry, now = Date.now()): Promise<SignatureVerdict> {
  const authorization = headerValue(request.headers, 'authorization')
  const presigned = request.query.has('X-Amz-Signature')
  if (!authorization && !presigned)
    return refuse(403, 'AccessDenied', 'Anonymous access is forbidden for this bucket.')

  const header = authorization ? /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization) : undefined
  if (authorization && !header)
    return refuse(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.')
  const credential = header ? header[1]! : request.query.get('X-Amz-Credential') ?? ''
  const signedHeaders = (header ? header[2]! : request.query.get('X-Amz-SignedHeaders') ?? '').split(';')
  const signature = header ? header[3]! : request.query.get('X-Amz-Signature') ?? ''
  const date = parseAmzDate(header ? headerValue(request.headers, 'x-amz-date') : request.query.get('X-Amz-Date'))
  const [accessKeyId, day, region, service, terminator] = credential.split('/')
  if (!date || !accessKeyId || terminator !== 'aws4_request' || service !== 's3' || !region || day !== date.toISOString().slice(0, 10).replaceAll('-', '') || !signedHeaders.includes('host'))
    return refuse(400, 'AuthorizationHeaderMalformed', `Malformed credential scope or date: ${credential}`)

  const issued = registry.find(accessKeyId)
  if (!issued)
    return refuse(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.')
  if (issued.expiresAt <= now)
    return refuse(400, 'ExpiredToken', 'The provided token has expired.')
  const token = header ? headerValue(request.headers, 'x-amz-security-token') : request.query.get('X-Amz-Security-Token')
  if (token !== issued.sessionToken)
    return refuse(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.')

  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken },
    region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false, // S3 signs the path as sent
    applyChecksum: false,
  })
  const headers = Object.fromEntries(signedHeaders.map(name => [name, name === 'host' ? request.host : headerValue(request.headers, name) ?? '']))
  const toSign = { method: request.method, protocol: 'https:', hostname: request.host, path: request.path, headers }

  if (header) {
    if (Math.abs(now - date.getTime()) > MAX_SKEW_MS)
      return refuse(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.')
    const contentSha256 = headerValue(request.headers, 'x-amz-content-sha256')
    if (!contentSha256)
      return refuse(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256')
    if (contentSha256 !== UNSIGNED && contentSha256 !== createHash('sha256').update(request.body).digest('hex'))
      return refuse(400, 'XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.')
    const resigned = await signer.sign({ ...toSign, query: queryObject(request.query, []) }, { signingDate: date, signableHeaders: new Set(signedHeaders) })
    const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? ''
    if (!sameSignature(expected, signature))
      return refuse(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.')
    return { credentials: issued }
  }

  const expiresIn = Number(request.query.get('X-Amz-Expires'))
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800)
    return refuse(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds.')
  if (date.getTime() + expiresIn * 1000 < now)
    return refuse(403, 'AccessDenied', 'Request has expired')
  // A presigned URL's payload is unsigned; the other X-Amz-* parameters are added back by presign().
  const resigned = await signer.presign(
    { ...toSign, query: queryObject(request.query, AUTH_QUERY), headers: { ...headers, 'x-amz-content-sha256': UNSIGNED } },
    { signingDate: date, expiresIn, signableHeaders: new Set(signedHeaders), unhoistableHeaders: new Set([...signedHeaders, 'x-amz-content-sha256']), unsignableHeaders: new Set(['x-amz-content-sha256']) },
  )
  if (!sameSignature(String(resigned.query?.['X-Amz-Signature'] ?? ''), signature))
    return refuse(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.')
  return { credentials: issued }
}
