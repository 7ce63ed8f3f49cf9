import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback } from './net'
import type { CredentialRegistry } from './issued-credentials'
import { mayAccess, requiredAccess } from './s3-access'
import { verifySignature, type S3Refusal } from './s3-sigv4'

// The S3 endpoint the tests talk to: a proxy in front of s3rver that does what S3 and IAM do before
// an object is touched, which s3rver does not (it never checks signatures):
// 1. the SigV4 signature (header or presigned URL) must verify with the secret of a key the identity
//    pool issued, unexpired, with its session token (s3-sigv4.ts);
// 2. the identity those credentials belong to must be allowed the path by Amplify's access rules
//    (s3-access.ts).
// Refusals are S3's XML errors. Accepted requests go on to s3rver without their auth, path style.
//
// Addressing: clients sign for the AWS host (`<bucket>.s3.<region>.amazonaws.com`), so the host they
// signed travels in the first path segment: `http://127.0.0.1:<port>/<signed host>/<path>?<query>`
// (toLocalS3Url in s3-redirect.ts builds it from the AWS URL).

const VHOST = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/
const PATH_HOST = /^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/
const NOT_FORWARDED = new Set(['authorization', 'x-amz-security-token', 'x-amz-date', 'x-amz-content-sha256', 'host', 'connection', 'content-length', 'transfer-encoding'])

export interface S3ProxyOptions {
  /** s3rver's `http://127.0.0.1:<port>` (path-style buckets). */
  s3rver: string
  buckets: string[]
  registry: CredentialRegistry
}

/** Which bucket and key path (still encoded) a signed host + path address, or undefined. */
function locate(host: string, path: string): { bucket: string, keyPath: string } | undefined {
  const vhost = VHOST.exec(host)
  if (vhost)
    return { bucket: vhost[1]!, keyPath: path }
  if (!PATH_HOST.test(host))
    return undefined
  const [, bucket = '', ...rest] = path.split('/')
  return { bucket, keyPath: `/${rest.join('/')}` }
}

function sendError(req: IncomingMessage, res: ServerResponse, { status, code, message }: S3Refusal) {
  // The browser must be able to read the refusal of a cross-origin call.
  if (req.headers.origin)
    res.setHeader('access-control-allow-origin', req.headers.origin)
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() })
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`
  res.end(req.method === 'HEAD' ? undefined : xml)
}

export async function startS3Proxy(options: S3ProxyOptions): Promise<{ url: string, stop: () => Promise<void> }> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://proxy')
    const [, host = '', ...pathParts] = (req.url ?? '/').split('?')[0]!.split('/')
    const signedPath = `/${pathParts.join('/')}`
    const target = locate(host, signedPath)
    if (!target || !options.buckets.includes(target.bucket))
      return sendError(req, res, { status: 404, code: 'NoSuchBucket', message: `No bucket at ${host}${signedPath}` })
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const method = req.method ?? 'GET'

    // CORS preflights carry no credentials in S3 either: s3rver answers them from the bucket's CORS rules.
    if (method !== 'OPTIONS') {
      const verdict = await verifySignature({ method, host, path: signedPath, query: url.searchParams, headers: req.headers, body }, options.registry)
      if ('refused' in verdict)
        return sendError(req, res, verdict.refused)
      const key = target.keyPath === '/' ? undefined : decodeURIComponent(target.keyPath.slice(1))
      const copySource = req.headers['x-amz-copy-source'] as string | undefined
      const needs = requiredAccess(target.bucket, { method, key, query: url.searchParams, copySource, body })
      if (!needs)
        return sendError(req, res, { status: 501, code: 'NotImplemented', message: `${method} ${signedPath}${url.search} is not served by the test S3.` })
      const denied = needs.find(([action, path]) => !mayAccess(verdict.credentials, action, path))
      if (denied)
        return sendError(req, res, { status: 403, code: 'AccessDenied', message: `Access Denied (${verdict.credentials.authenticated ? 'authenticated' : 'guest'} identity ${verdict.credentials.identityId} may not ${denied[0]} ${denied[1]})` })
    }

    // s3rver, like S3, refuses `response-*` header overrides on anonymous requests: apply them here.
    const query = new URLSearchParams([...url.searchParams].filter(([name]) => !name.startsWith('X-Amz-') && !name.startsWith('response-')))
    const overrides = [...url.searchParams].filter(([name]) => name.startsWith('response-')).map(([name, value]) => [name.slice(9), value])
    const headers = Object.entries(req.headers).filter(([name]) => !NOT_FORWARDED.has(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value ?? ''] as [string, string])
    const search = query.size ? `?${query}` : ''
    const upstream = await fetch(`${options.s3rver}/${target.bucket}${target.keyPath === '/' ? '/' : target.keyPath}${search}`, {
      method,
      headers,
      body: body.length ? body : undefined,
    })
    const responseHeaders: Record<string, string> = {}
    upstream.headers.forEach((value, name) => {
      if (!['content-encoding', 'transfer-encoding', 'content-length', 'connection'].includes(name))
        responseHeaders[name] = value
    })
    if (upstream.ok) {
      for (const [name, value] of overrides) responseHeaders[name!] = value!
    }
    const payload = Buffer.from(await upstream.arrayBuffer())
    res.writeHead(upstream.status, { ...responseHeaders, ...(method === 'HEAD' ? { 'content-length': upstream.headers.get('content-length') ?? '0' } : { 'content-length': String(payload.length) }) })
    res.end(method === 'HEAD' ? undefined : payload)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => sendError(req, res, { status: 500, code: 'InternalError', message: error.message }))
  })
  return listenOnLoopback(server)
}
