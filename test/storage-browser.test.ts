import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { $fetch, setup, url } from '@nuxt/test-utils/e2e'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { cookieHeader, encodeCookieName, encodeCookieValue, signInCookies } from './support/sign-in'
import { launchBrowser, openPage } from './support/browser'
import { routeS3ToTestS3, type RoutedS3 } from './support/browser-s3'

// Storage in Chromium, with the browser's Amplify (pages/files.vue, `useAmplifyContext()`): its own
// identity-pool credentials, its own SigV4 signatures, checked by the same S3 proxy and path rules
// as the server's calls (the browser's S3 requests are routed there, support/browser-s3.ts).
await setup(fixtureSetup('categories'))
const { stack, s3 } = loadCategories()
const browser: Browser = await launchBrowser()
afterAll(() => browser.close())

type Outcome<T> = { ok: T } | { error: string, message: string }
interface StorageTest {
  identity: () => Promise<Outcome<{ identityId: string | null, signedIn: boolean }>>
  upload: (path: string, text: string) => Promise<Outcome<{ path: string, size: number }>>
  list: (path: string) => Promise<Outcome<Array<{ path: string, size: number }>>>
  download: (path: string) => Promise<Outcome<{ status: number, text: string }>>
}
const run = <K extends keyof StorageTest>(page: Page, name: K, ...args: Parameters<StorageTest[K]>) =>
  page.evaluate(([name, args]) => ((window as any).storageTest[name] as (...a: unknown[]) => unknown)(...args), [name, args] as const) as ReturnType<StorageTest[K]>

/** A browser session on /files, signed in (the cookies a real sign-in leaves) or a guest. */
async function openFiles(cookies?: Record<string, string>): Promise<{ context: BrowserContext, page: Page, routed: RoutedS3 }> {
  const context = await browser.newContext()
  if (cookies)
    await context.addCookies(Object.entries(cookies).map(([name, value]) => ({ name: encodeCookieName(name), value: encodeCookieValue(value), url: url('/') })))
  const routed = await routeS3ToTestS3(context, s3.endpoint)
  const { page } = await openPage(context)
  await page.goto(url('/files'))
  await page.locator('#storage-ready').waitFor()
  return { context, page, routed }
}
const signIn = (username: string) => signInCookies(stack, { username, password: stackUser(stack, username).password })

describe('Storage in the browser', () => {
  it('a signed-in user uploads to their private folder, lists it and downloads through a presigned URL', async () => {
    const cookies = await signIn('alice')
    const { context, page, routed } = await openFiles(cookies)
    const identity = await run(page, 'identity')
    // The same identity the server gives alice's requests.
    const serverSide = await $fetch<{ identityId: string }>('/api/session', { headers: { cookie: cookieHeader(cookies) } })
    expect(identity).toEqual({ ok: { identityId: serverSide.identityId, signedIn: true } })
    const folder = `private/${serverSide.identityId}/`
    const path = `${folder}${randomUUID()}.txt`

    expect(await run(page, 'upload', path, 'from the browser')).toEqual({ ok: { path, size: 16 } })
    expect(await run(page, 'list', folder)).toMatchObject({ ok: expect.arrayContaining([{ path, size: 16 }]) })
    expect(await run(page, 'download', path)).toEqual({ ok: { status: 200, text: 'from the browser' } })
    // The browser's own S3 calls went to the test S3: upload, list, download.
    expect(routed.requests).toEqual(expect.arrayContaining([expect.stringMatching(/^PUT https:\/\/[^/]+\.amazonaws\.com\/private\//), expect.stringMatching(/^GET .*list-type=2/), expect.stringMatching(/X-Amz-Signature=/)]))
    // The server, as alice, sees the file the browser wrote.
    expect(await $fetch('/api/storage/list', { query: { path: folder }, headers: { cookie: cookieHeader(cookies) } })).toContainEqual({ path, size: 16 })
    await context.close()
  })

  it('a guest in the browser uses public/ and is refused another identity\'s private folder', async () => {
    const aliceId = (await $fetch<{ identityId: string }>('/api/session', { headers: { cookie: cookieHeader(await signIn('alice')) } })).identityId
    const { context, page } = await openFiles()
    expect(await run(page, 'identity')).toMatchObject({ ok: { signedIn: false, identityId: expect.stringMatching(/^us-east-1:/) } })
    const path = `public/${randomUUID()}.txt`
    expect(await run(page, 'upload', path, 'guest')).toEqual({ ok: { path, size: 5 } })
    expect(await run(page, 'download', path)).toEqual({ ok: { status: 200, text: 'guest' } })
    expect(await run(page, 'upload', `private/${aliceId}/${randomUUID()}.txt`, 'nope')).toMatchObject({ error: 'AccessDenied' })
    expect(await run(page, 'list', `private/${aliceId}/`)).toMatchObject({ error: 'AccessDenied' })
    await context.close()
  })
})
