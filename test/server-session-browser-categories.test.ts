import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { $fetch, setup, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { browserCookieHeader, launchBrowser, openPage } from './support/browser'
import { routeS3ToTestS3 } from './support/browser-s3'
import { scriptVisibleStorage, serverSessionEnv, tokenCookies } from './support/script-visible'
import { authRoutePath } from '../src/runtime/shared/auth-routes'

// Storage, Data and REST with the browser's Amplify when the session lives in HttpOnly cookies:
// the tokens come from the session route, the identity pool's credentials from them, exactly as
// with browser sessions (storage-browser.test.ts, which runs the same pages in browser mode).
await setup(fixtureSetup('categories', serverSessionEnv()))
const { stack, s3 } = loadCategories()
const browser = await launchBrowser()
afterAll(() => browser.close())

type Outcome<T> = { ok: T } | { error: string, message: string }
const call = <T>(page: Page, target: string, name: string, ...args: unknown[]) =>
  page.evaluate(([target, name, args]) => ((window as any)[target][name] as (...a: unknown[]) => unknown)(...args), [target, name, args] as const) as Promise<Outcome<T>>

/** Signs in through the module's sign-in route, from a page of the app (same origin, as a form would). */
async function signedInContext(username: string): Promise<{ context: BrowserContext, page: Page }> {
  const context = await browser.newContext()
  await routeS3ToTestS3(context, s3.endpoint)
  const { page } = await openPage(context)
  await page.goto(url('/'))
  const status = await page.evaluate(async ([path, username, password]) => (await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
  })).status, [authRoutePath('/api/amplify', 'signIn'), username, stackUser(stack, username).password] as const)
  expect(status).toBe(200)
  return { context, page }
}

describe('server sessions: Storage, Data and REST in the browser', () => {
  it('a signed-in user lists and uploads to their private folder, queries Data and calls REST; no token is script-readable', async () => {
    const { context, page } = await signedInContext('alice')
    expect((await tokenCookies(context, url('/'))).filter(c => !c.httpOnly)).toEqual([])
    const serverSide = await $fetch<{ identityId: string }>('/api/session', { headers: { cookie: await browserCookieHeader(context, url('/')) } })

    await page.goto(url('/files'))
    await page.locator('#storage-ready').waitFor()
    expect(await call(page, 'storageTest', 'identity')).toEqual({ ok: { identityId: serverSide.identityId, signedIn: true } })
    const folder = `private/${serverSide.identityId}/`
    const path = `${folder}${randomUUID()}.txt`
    expect(await call(page, 'storageTest', 'upload', path, 'server session')).toEqual({ ok: { path, size: 14 } })
    expect(await call(page, 'storageTest', 'list', folder)).toMatchObject({ ok: expect.arrayContaining([{ path, size: 14 }]) })

    await page.goto(url('/browser-calls'))
    await page.locator('#calls-ready').waitFor()
    expect(await call(page, 'browserCalls', 'caller')).toEqual({ ok: { username: 'alice', tokenUse: 'access' } })
    expect(await call(page, 'browserCalls', 'rest')).toMatchObject({ ok: { sigv4: true, sessionToken: expect.stringMatching(/^auth:us-east-1:/) } })

    expect(await scriptVisibleStorage(page)).not.toMatch(/eyJ[\w-]+\.[\w-]+|refreshToken|accessToken|idToken/)
    await context.close()
  })
})
