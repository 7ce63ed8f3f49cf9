import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { toLocalS3Url } from './support/s3-redirect'

// Storage (aws-amplify/storage/server) against the test S3: s3rver behind a proxy that verifies each
// request's SigV4 signature against the key pair the identity pool issued to one identity, and
// enforces Amplify's path rules for that identity (test/support/s3-proxy.ts). So whose credentials
// a request used shows in what S3 allows: `private/{identityId}/` only for that signed-in identity.
await setup(fixtureSetup('categories'))
const { stack, s3 } = loadCategories()
const cookiesOf = async (username: string) => cookieHeader(await signInCookies(stack, { username, password: stackUser(stack, username).password }))
const as = (cookie: string | undefined): Record<string, string> => (cookie ? { cookie } : {})

/** The identity id the identity pool gave the request with these cookies (none: a guest). */
const identityOf = async (cookie?: string) => (await $fetch<{ identityId: string }>('/api/session', { headers: as(cookie) })).identityId

/** A route's answer as { status, body }, for routes that may be refused. */
async function call(path: string, init: { method?: string, body?: unknown, cookie?: string } = {}) {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: { 'accept': 'application/json', 'content-type': 'application/json', ...as(init.cookie) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  return { status: response.status, body: await response.json() }
}

const upload = (path: string, text: string, cookie?: string) => call('/api/storage/upload', { method: 'POST', body: { path, text }, cookie })
const listing = (path: string, cookie?: string) => call(`/api/storage/list?path=${encodeURIComponent(path)}`, { cookie })
const properties = (path: string, cookie?: string) => call(`/api/storage/properties?path=${encodeURIComponent(path)}`, { cookie })
/** A presigned URL made without asking S3 (so S3 judges it only when it is used), mapped to the test S3. */
const presigned = async (path: string, cookie?: string) =>
  toLocalS3Url((await call(`/api/storage/url?check=0&path=${encodeURIComponent(path)}`, { cookie })).body.url, s3.endpoint)!
const refused = { status: 403, body: expect.objectContaining({ statusCode: 403, message: expect.stringMatching(/^Access Denied/) }) }

describe('Storage with the request context', () => {
  it('uploadData, list, getProperties, getUrl, copy and remove as a signed-in user', async () => {
    const headers = { cookie: await cookiesOf('alice') }
    const path = `public/${randomUUID()}.txt`
    const copyPath = path.replace('.txt', '-copy.txt')

    expect(await $fetch('/api/storage/upload', { method: 'POST', body: { path, text: 'hello from alice' }, headers }))
      .toMatchObject({ path, size: 16, contentType: 'text/plain' })
    expect(await $fetch('/api/storage/list', { headers })).toContainEqual({ path, size: 16 })
    expect(await $fetch('/api/storage/properties', { query: { path }, headers })).toEqual({ path, size: 16, contentType: 'text/plain' })

    const { url } = await $fetch<{ url: string }>('/api/storage/url', { query: { path }, headers })
    const download = await globalThis.fetch(toLocalS3Url(url, s3.endpoint)!) // the browser's download, straight to S3
    expect(download.status).toBe(200)
    expect(await download.text()).toBe('hello from alice')

    expect(await $fetch('/api/storage/copy', { method: 'POST', body: { from: path, to: copyPath }, headers })).toEqual({ path: copyPath })
    expect(await $fetch('/api/storage/remove', { method: 'POST', body: { path }, headers })).toEqual({ path })
    const after = await $fetch<Array<{ path: string }>>('/api/storage/list', { headers })
    expect(after.map(item => item.path)).toContain(copyPath)
    expect(after.map(item => item.path)).not.toContain(path)
  })

  it('a presigned URL is only good as signed: another key, or a changed signature, is refused', async () => {
    const path = `public/${randomUUID()}.txt`
    await upload(path, 'signed')
    const url = new URL(await presigned(path))
    expect((await globalThis.fetch(url)).status).toBe(200)
    const otherKey = new URL(url)
    otherKey.pathname = otherKey.pathname.replace('.txt', '-other.txt')
    const badSignature = new URL(url)
    badSignature.searchParams.set('X-Amz-Signature', '0'.repeat(64))
    for (const tampered of [otherKey, badSignature]) {
      const response = await globalThis.fetch(tampered)
      expect(response.status).toBe(403)
      expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
    }
  })

  it('a guest (no cookies) uploads, lists and reads public files with guest credentials', async () => {
    const path = `public/${randomUUID()}.txt`
    expect(await upload(path, 'guest file')).toMatchObject({ status: 200 })
    expect((await listing('public/')).body).toContainEqual({ path, size: 10 })
    expect(await properties(path)).toMatchObject({ status: 200, body: { size: 10 } })
  })

  it('the server-rendered page lists the public files', async () => {
    const path = `public/${randomUUID()}.txt`
    await $fetch('/api/storage/upload', { method: 'POST', body: { path, text: 'listed' } })
    expect(await $fetch<string>('/')).toContain(path)
  })

  it('a missing file is a clear 404, not a 500 with a stack', async () => {
    const response = await fetch('/api/storage/url?path=public/nope.txt', { headers: { accept: 'application/json' } })
    expect(response.status).toBe(404)
    const body = await response.json()
    expect(body).toMatchObject({ statusCode: 404, message: 'The service answered 404 NotFound.' })
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(m?js|ts):\d+/)
  })
})

describe('whose credentials: private/ and protected/ paths', () => {
  it('a signed-in user\'s private files are theirs: listed and read by them, refused for another user and for guests', async () => {
    const [alice, bob] = await Promise.all([cookiesOf('alice'), cookiesOf('bob@example.com')])
    const aliceId = await identityOf(alice)
    const folder = `private/${aliceId}/`
    const path = `${folder}${randomUUID()}.txt`

    expect(await upload(path, 'only alice')).toEqual(refused) // a guest
    expect(await upload(path, 'only alice', bob)).toEqual(refused)
    expect(await upload(path, 'only alice', alice)).toMatchObject({ status: 200, body: { path, size: 10 } })

    expect(await listing(folder, alice)).toMatchObject({ status: 200, body: expect.arrayContaining([{ path, size: 10 }]) })
    expect(await listing(folder, bob)).toEqual(refused)
    expect(await listing(folder)).toEqual(refused)
    expect(await properties(path, bob)).toMatchObject({ status: 403 })

    const aliceUrl = await presigned(path, alice)
    expect(await (await globalThis.fetch(aliceUrl)).text()).toBe('only alice')
    for (const url of [await presigned(path), await presigned(path, bob)]) {
      const response = await globalThis.fetch(url)
      expect(response.status).toBe(403)
      expect(await response.text()).toContain('<Code>AccessDenied</Code>')
    }
  })

  it('another signed-in user has a private folder of his own identity, which he writes and lists', async () => {
    const bob = await cookiesOf('bob@example.com')
    const bobId = await identityOf(bob)
    const path = `private/${bobId}/${randomUUID()}.txt`
    expect(await upload(path, 'bob', bob)).toMatchObject({ status: 200 })
    expect((await listing(`private/${bobId}/`, bob)).body).toContainEqual({ path, size: 3 })
  })

  it('protected files are read by everybody and written only by their owner', async () => {
    const [alice, bob] = await Promise.all([cookiesOf('alice'), cookiesOf('bob@example.com')])
    const aliceId = await identityOf(alice)
    const path = `protected/${aliceId}/${randomUUID()}.txt`
    expect(await upload(path, 'by alice', alice)).toMatchObject({ status: 200 })
    expect(await properties(path, bob)).toMatchObject({ status: 200, body: { size: 8 } })
    expect(await properties(path)).toMatchObject({ status: 200, body: { size: 8 } })
    expect((await listing(`protected/${aliceId}/`)).body).toContainEqual({ path, size: 8 })
    expect(await upload(path.replace('.txt', '-bob.txt'), 'by bob', bob)).toEqual(refused)
    expect(await upload(path.replace('.txt', '-guest.txt'), 'by guest')).toEqual(refused)
  })
})
