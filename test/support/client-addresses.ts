// Requests from chosen client addresses, for the client address the auth routes give Cognito
// (test/user-context.test.ts). Linux routes all of 127.0.0.0/8 to loopback, so a request can come
// from 127.0.0.2, 127.0.0.3, … while the app listens on 127.0.0.1: each test's "client" has an
// address of its own, and a proxy's hop is told apart from the client behind it.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { listenOnLoopback } from './net'

export interface AddressedAnswer { status: number, body: any }

/** POSTs JSON to `url` over a connection from `localAddress`, with the given extra headers. */
export function postFrom(localAddress: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<AddressedAnswer> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      localAddress,
      headers: { 'content-type': typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = JSON.parse(text)
        }
        catch { /* a redirect or an HTML error page: kept as text */ }
        resolve({ status: res.statusCode ?? 0, body: parsed })
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/**
 * A stand-in reverse proxy (nginx's `proxy_add_x_forwarded_for`, a load balancer, a CDN): every request
 * goes on to `target` with the address it came from appended to `X-Forwarded-For` (whatever the client
 * wrote there is kept to its left), from the proxy's own address, 127.0.0.1.
 */
export async function startForwardingProxy(target: string): Promise<{ url: string, stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers }
    const from = req.socket.remoteAddress ?? ''
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${from}` : from
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    req.pipe(upstream)
  })
  return listenOnLoopback(server)
}
