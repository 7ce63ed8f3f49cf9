// Runs a Nitro `netlify` build as Netlify Functions (API v2, Node) does: imports the function file
// (.netlify/functions-internal/server/server.mjs) and calls its default export with a web `Request`
// (the site's https URL, the client's headers plus Netlify's x-nf-* and x-forwarded-for) and a
// `Context`; the `Response` it returns goes to the client as is, each Set-Cookie header on its own
// (as Netlify sends them: a header folded by the function would reach the client folded).
// Usage: node netlify-host.mjs <server.mjs>   (listens on PORT, 127.0.0.1)
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'

const { default: handler, config } = await import(pathToFileURL(process.argv[2]).href)
if (typeof handler !== 'function') throw new Error(`${process.argv[2]} exports no default (request, context) handler`)
if (config?.path !== '/*') throw new Error(`The function does not serve every path: ${JSON.stringify(config)}`)

const SITE = 'https://nuxt-amplify-test.netlify.app'
createServer(async (req, res) => {
  const requestId = randomUUID()
  const ip = req.socket.remoteAddress ?? '127.0.0.1'
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of [value].flat()) if (one !== undefined) headers.append(name, one)
  }
  headers.set('host', new URL(SITE).host)
  headers.set('x-forwarded-for', ip)
  headers.set('x-forwarded-proto', 'https')
  headers.set('x-nf-client-connection-ip', ip)
  headers.set('x-nf-request-id', requestId)
  const hasBody = !['GET', 'HEAD'].includes(req.method)
  const request = new Request(new URL(req.url, SITE), { method: req.method, headers, ...(hasBody && { body: Readable.toWeb(req), duplex: 'half' }) })
  const url = new URL(request.url)
  const context = {
    requestId, ip, url, params: {}, geo: { country: { code: 'DE', name: 'Germany' } },
    site: { id: 'site-id', name: 'nuxt-amplify-test', url: SITE },
    deploy: { context: 'production', id: 'deploy-id', published: true },
    server: { region: 'eu-central-1' },
    waitUntil: () => {},
  }
  try {
    const response = await handler(request, context)
    res.statusCode = response.status
    for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value)
    const cookies = response.headers.getSetCookie()
    if (cookies.length) res.setHeader('set-cookie', cookies)
    res.end(Buffer.from(await response.arrayBuffer()))
  }
  catch (error) {
    res.statusCode = 502 // Netlify answers an invocation error with its own error page
    res.end(`Function invocation failed: ${error?.stack ?? error}`)
  }
}).listen(Number(process.env.PORT), '127.0.0.1')
