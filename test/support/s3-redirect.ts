// Sends Amplify's S3 requests to the test S3 (s3-proxy.ts in front of s3rver; see s3.ts for why
// this is the only way with aws-amplify 6.22). No imports, so a fixture's Nitro plugin can import it
// without pulling test dependencies into the server bundle: e.g. `installS3Redirect(endpoint)` in a
// plugin of the fixture app. In a browser, Playwright routes the requests (browser-s3.ts). Presigned
// URLs from getUrl point at AWS too: map them with `toLocalS3Url`.

// `<bucket>.s3.<region>.amazonaws.com` / `<bucket>.s3.amazonaws.com` (virtual host style, what
// Amplify builds for DNS-compatible names) or `s3.<region>.amazonaws.com/<bucket>` (path style,
// used for bucket names with dots).
const S3_HOST = /^(?:.+\.)?s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/

/**
 * The test S3 URL for an AWS S3 URL, or undefined. The signed host becomes the first path segment,
 * because the signature covers it and the proxy must verify it; path and query are kept as sent
 * (still encoded), so signatures and presigned URLs stay valid.
 */
export function toLocalS3Url(url: string | URL, endpoint: string): string | undefined {
  const u = new URL(String(url))
  if (u.protocol !== 'https:' || !S3_HOST.test(u.hostname))
    return undefined
  return `${endpoint}/${u.host}${u.pathname}${u.search}`
}

/**
 * Sends this process's `fetch` calls to AWS S3 to the test S3 instead; returns the uninstaller.
 * Amplify's server-side S3 client looks up the global `fetch` on every request, so patching it later works.
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
