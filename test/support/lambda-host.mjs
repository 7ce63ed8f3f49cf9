// Runs a Nitro `aws-lambda` build as the Lambda runtime does: one long-lived process that imports
// the built module and calls its exported `handler(event, context)` once per event. The test sends
// each API Gateway v2 event as the body of a POST and gets the handler's raw result back as JSON.
// Usage: node lambda-host.mjs <.output/server/index.mjs>   (listens on PORT, 127.0.0.1)
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

const { handler } = await import(pathToFileURL(process.argv[2]).href)
if (typeof handler !== 'function') throw new Error(`${process.argv[2]} exports no handler`)

const server = createServer(async (req, res) => {
  if (req.method !== 'POST') return res.end('ready') // readiness probe
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  try {
    const result = await handler(JSON.parse(Buffer.concat(chunks).toString('utf8')), { awsRequestId: randomUUID(), functionName: 'nuxt-amplify-test' })
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(result))
  }
  catch (error) {
    res.statusCode = 500
    res.end(JSON.stringify({ invocationError: String(error?.stack ?? error) }))
  }
})
server.listen(Number(process.env.PORT), '127.0.0.1')
