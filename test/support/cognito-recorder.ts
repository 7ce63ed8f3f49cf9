// A loopback pass-through in front of the shim that records the Cognito API calls a server process
// makes (operation and JSON body), for what Cognito accepts but the emulator does not act on:
// `ClientMetadata` and `ValidationData` reach Lambda triggers only, which the emulator does not run.
// Every request goes on to the shim unchanged and its answer comes back unchanged.
import { createServer } from 'node:http'
import { listenOnLoopback } from './net'

export interface RecordedCall { operation: string, body: any }

export interface CognitoRecorder {
  url: string
  calls: RecordedCall[]
  /** The recorded calls of one operation, oldest first. */
  of(operation: string): any[]
  stop(): Promise<void>
}

export async function startCognitoRecorder(upstream: string): Promise<CognitoRecorder> {
  const calls: RecordedCall[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const target = req.headers['x-amz-target']
    if (typeof target === 'string') {
      if (calls.length > 10_000) calls.shift() // bounded: a test records a few dozen calls
      calls.push({ operation: target.split('.').pop()!, body: JSON.parse(body.toString() || '{}') })
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)).map(([name, value]) => [name, String(value)]))
    const answer = await fetch(new URL(req.url ?? '/', upstream), { method: req.method, headers, ...(body.length && { body }) })
    res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name))))
    res.end(Buffer.from(await answer.arrayBuffer()))
  })
  const listening = await listenOnLoopback(server)
  return {
    url: listening.url,
    calls,
    of: operation => calls.filter(call => call.operation === operation).map(call => call.body),
    stop: () => listening.stop(),
  }
}
