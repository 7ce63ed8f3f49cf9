// One cold start, in a fresh Node process (spawned by cold-start.ts): loads an aws-lambda build's
// handler the way the Lambda runtime does (import, then call `handler(event, context)`), sends it one
// API Gateway v2 request with the signed-in user's cookies, and prints the timings as JSON.
// Plain JavaScript, so that nothing but Node runs before the clock starts.
import { pathToFileURL } from 'node:url'

const [entry, path, cookieHeader] = process.argv.slice(2)
const started = performance.now()
const cpuAtStart = process.cpuUsage()
const { handler } = await import(pathToFileURL(entry).href)
const loaded = performance.now()
const request = () => handler({
  version: '2.0',
  rawPath: path,
  rawQueryString: '',
  cookies: cookieHeader.split('; '),
  headers: { host: 'bench.lambda-url.localhost', accept: 'application/json' },
  requestContext: { http: { method: 'GET', path, sourceIp: '127.0.0.1' } },
  isBase64Encoded: false,
}, { functionName: 'bench', awsRequestId: 'cold' })
const first = await request()
const answered = performance.now()
// CPU time of the process over the same span (all its threads): on a busy machine, wall time also
// counts the time other processes had the cores; CPU time does not.
const cpu = process.cpuUsage(cpuAtStart)
// A second, warm request for scale: what the same route costs once everything is loaded.
await request()
const warm = performance.now() - answered
process.stdout.write(JSON.stringify({
  loadMs: loaded - started,
  firstResponseMs: answered - started,
  firstResponseCpuMs: (cpu.user + cpu.system) / 1000,
  warmResponseMs: warm,
  statusCode: first.statusCode,
  body: String(first.body).slice(0, 500),
}))
