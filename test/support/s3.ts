import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'

export { installS3Redirect, toLocalS3Url } from './s3-redirect'

// A local S3 (s3rver 3.7) for the Storage category, on 127.0.0.1 with its files in a temp dir. Tests
// never reach it directly: s3-proxy.ts stands in front of it and verifies what s3rver does not.
//
// Auth in s3rver: a request with no signature is served as anonymous; a signed one must use a
// registered access key id (only `S3RVER` by default). SigV4 signatures are parsed, NOT verified,
// and there are no access rules. So the proxy checks signatures (against the keys the identity-pool
// stand-in issued) and Amplify's path rules, then forwards the request without its auth.
//
// How aws-amplify 6.22 (@aws-amplify/storage 6.17) reaches it: it can't by configuration.
// - `Storage.S3` has no endpoint field; `dangerouslyConnectToHttpEndpointForTesting` is broken (it
//   sets `http://localhost:20005` and then asserts the endpoint has no `://`: InvalidCustomEndpoint).
// - the per-call `options.customEndpoint` is always prefixed with `https://` and puts the bucket in
//   the host name (`<bucket>.127.0.0.1:port`, which does not resolve) unless the bucket name has a dot.
//   (Tried: s3rver with a self-signed cert + bucket `test.bucket` + untrusted TLS allowed works, but
//   only for calls that pass the option, so neither the module nor a config can turn it on.)
// - the server-side transfer handler calls the global `fetch` at request time with the real AWS
//   URL (`https://<bucket>.s3.<region>.amazonaws.com/<key>`), signed. Rewriting that URL to the
//   proxy (keeping the signed host in the path) works: see s3-redirect.ts (re-exported here). In
//   the browser, Playwright routes the same URLs to the proxy (browser-s3.ts).

// Permissive CORS so browser-side Storage calls (from the app's origin) pass preflight.
const CORS = `<CORSConfiguration><CORSRule>
<AllowedOrigin>*</AllowedOrigin>
<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod>
<AllowedMethod>DELETE</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
<AllowedHeader>*</AllowedHeader>
<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-version-id</ExposeHeader>
</CORSRule></CORSConfiguration>`

export interface S3Server {
  /** s3rver's `http://127.0.0.1:<port>`; objects are at `${endpoint}/<bucket>/<key>` (path style). Only s3-proxy.ts uses it. */
  endpoint: string
  /** The first bucket (the default `Storage.S3.bucket`). */
  bucket: string
  buckets: string[]
  stop: () => Promise<void>
}

export async function startS3({ buckets = ['nuxt-amplify-test'] }: { buckets?: string[] } = {}): Promise<S3Server> {
  if (!buckets.length)
    throw new Error('startS3 needs at least one bucket')
  // Imported here, not at the top: test files import toLocalS3Url from this module and should not
  // load s3rver (koa, winston) for it.
  const { default: S3rver } = await import('s3rver')
  const directory = await mkdtemp(join(tmpdir(), 'nuxt-amplify-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map(name => ({ name, configs: [CORS] })),
  })
  const { port } = await server.run() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: buckets[0]!,
    buckets,
    async stop() {
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}
