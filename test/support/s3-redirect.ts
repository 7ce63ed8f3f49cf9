// Sends Amplify's S3 requests to s3rver (see s3.ts for why this is the only way with aws-amplify
// 6.22). No imports, so a fixture's Nitro plugin can import it without pulling test dependencies
// into the server bundle: e.g. `installS3Redirect(process.env.TEST_S3_ENDPOINT)` in a plugin of the
// fixture app. In a browser, use Playwright's `page.route('https://*.amazonaws.com/**', ...)` with
// `toLocalS3Url`. Presigned URLs from getUrl point at AWS too: map them with `toLocalS3Url`.

// `<bucket>.s3.<region>.amazonaws.com` / `<bucket>.s3.amazonaws.com` (virtual host style, what
// Amplify builds for DNS-compatible names) or `s3.<region>.amazonaws.com/<bucket>` (path style,
// used for bucket names with dots).
const VHOST = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/
const PATH_HOST = /^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/

/** The s3rver URL for an AWS S3 URL (keeps path and query, so presigned URLs stay valid), or undefined. */
export function toLocalS3Url(url: string | URL, endpoint: string): string | undefined {
  const u = new URL(String(url))
  const vhost = VHOST.exec(u.hostname)
  if (vhost)
    return `${endpoint}/${vhost[1]}${u.pathname}${u.search}`
  if (PATH_HOST.test(u.hostname))
    return `${endpoint}${u.pathname}${u.search}`
  return undefined
}

/**
 * Sends this process's `fetch` calls to AWS S3 to s3rver instead; returns the uninstaller. Amplify's
 * server-side S3 client looks up the global `fetch` on every request, so patching it later works.
 */
export function installS3Redirect(endpoint: string): () => void {
  const original = globalThis.fetch
  const redirected: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input
    const local = toLocalS3Url(url, endpoint)
    if (!local)
      return original(input, init)
    return input instanceof Request ? original(new Request(local, input), init) : original(local, init)
  }
  globalThis.fetch = redirected
  return () => {
    if (globalThis.fetch === redirected)
      globalThis.fetch = original
  }
}
