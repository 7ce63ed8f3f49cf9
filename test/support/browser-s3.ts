import type { BrowserContext } from 'playwright-core'
import { toLocalS3Url } from './s3-redirect'

// Browser-side Amplify Storage calls AWS S3 URLs (https://<bucket>.s3.<region>.amazonaws.com/…),
// like the server does. In Chromium, Playwright routes them to the test S3 proxy: the request is
// sent from Playwright with the browser's method, headers (Authorization, x-amz-*) and body to
// `toLocalS3Url(url)` (the signed host kept in the path, so the proxy verifies the signature the
// browser computed), and the proxy's answer is handed back to the page as the S3 response.
// (route.continue cannot change https to http, so route.fetch + route.fulfill.) Playwright answers
// the CORS preflights of routed requests itself.

export interface RoutedS3 {
  /** `METHOD url` of every S3 request the browser made, in order. */
  requests: string[]
}

export async function routeS3ToTestS3(context: BrowserContext, endpoint: string): Promise<RoutedS3> {
  const routed: RoutedS3 = { requests: [] }
  await context.route(url => toLocalS3Url(url, endpoint) !== undefined, async (route) => {
    const request = route.request()
    routed.requests.push(`${request.method()} ${request.url()}`)
    const response = await route.fetch({ url: toLocalS3Url(request.url(), endpoint)!, maxRedirects: 0 })
    await route.fulfill({ response })
  })
  return routed
}
