// Runs a Nitro `vercel` build as Vercel's Node.js runtime does: reads the function's .vc-config.json
// (it must say launcherType "Nodejs" without helpers), imports its `handler` file and serves the
// default export, a Node `(req, res)` listener, from a Node HTTP server. In front of a function,
// Vercel's proxy keeps the path and query, sets `host` to the deployment's domain and adds the
// x-forwarded-* / x-vercel-* / x-real-ip headers; this host adds the same to each request.
// Usage: node vercel-host.mjs <.vercel/output/functions/__fallback.func>   (listens on PORT, 127.0.0.1)
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const functionDir = process.argv[2]
const config = JSON.parse(readFileSync(join(functionDir, '.vc-config.json'), 'utf8'))
if (config.launcherType !== 'Nodejs' || config.shouldAddHelpers) throw new Error(`Not a plain Node.js function: ${JSON.stringify(config)}`)
const { default: listener } = await import(pathToFileURL(join(functionDir, config.handler)).href)
if (typeof listener !== 'function') throw new Error(`${config.handler} exports no default (req, res) listener`)

const DOMAIN = 'nuxt-amplify-test.vercel.app'
createServer((req, res) => {
  const client = req.socket.remoteAddress ?? '127.0.0.1'
  Object.assign(req.headers, {
    'host': DOMAIN,
    'x-forwarded-host': DOMAIN,
    'x-forwarded-proto': 'https',
    'x-forwarded-for': client,
    'x-real-ip': client,
    'x-vercel-forwarded-for': client,
    'x-vercel-deployment-url': DOMAIN,
    'x-vercel-id': `fra1::${randomUUID()}`,
  })
  listener(req, res)
}).listen(Number(process.env.PORT), '127.0.0.1')
