import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'
import { toLocalS3Url } from './support/s3-redirect'

// Storage (aws-amplify/storage/server) against s3rver, with credentials from the identity pool.
await setup(fixtureSetup('categories'))
const { stack, s3 } = loadCategories()
const cookiesOf = async (username: string) => cookieHeader(await signInCookies(stack, { username, password: stackUser(stack, username).password }))

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
    expect(new URL(url).searchParams.get('X-Amz-Credential')).toMatch(/^S3RVER\//) // presigned with the pool's credentials
    const download = await globalThis.fetch(toLocalS3Url(url, s3.endpoint)!) // the browser's download, straight to S3
    expect(await download.text()).toBe('hello from alice')

    expect(await $fetch('/api/storage/copy', { method: 'POST', body: { from: path, to: copyPath }, headers })).toEqual({ path: copyPath })
    expect(await $fetch('/api/storage/remove', { method: 'POST', body: { path }, headers })).toEqual({ path })
    const after = await $fetch<Array<{ path: string }>>('/api/storage/list', { headers })
    expect(after.map(item => item.path)).toContain(copyPath)
    expect(after.map(item => item.path)).not.toContain(path)
  })

  it('a guest (no cookies) lists and reads with guest credentials', async () => {
    const path = `public/${randomUUID()}.txt`
    await $fetch('/api/storage/upload', { method: 'POST', body: { path, text: 'guest file' } })
    expect(await $fetch('/api/storage/properties', { query: { path } })).toMatchObject({ size: 10 })
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
