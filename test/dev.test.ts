import { describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureDir } from './support/fixtures'
import { loadStack, stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'

// `nuxi dev` (what `npm run dev` runs for the playground): Vite serves the Vue SSR bundle there,
// resolving imports itself, so a server-only import in app code breaks every page in dev although
// production builds work. The basic fixture in dev mode, with its own build dir.
const buildDir = resolve(fixtureDir('basic'), '.nuxt', `dev-${process.env.NUXT_AMPLIFY_TEST_RUN ?? 'local'}`)
await setup({ rootDir: fixtureDir('basic'), dev: true, server: true, buildDir, nuxtConfig: { buildDir } })
const stack = loadStack()

describe('nuxi dev', () => {
  it('renders the page signed out and signed in, and the server route answers', async () => {
    const anonymous = await fetch('/')
    expect(anonymous.status).toBe(200)
    const cookie = cookieHeader(await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password }))
    expect(await $fetch<string>('/', { headers: { cookie } })).toContain('Hello, alice!')
    expect(await $fetch('/api/me', { headers: { cookie } })).toMatchObject({ username: 'alice' })
  })
})
