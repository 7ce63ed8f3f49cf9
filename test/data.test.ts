import { describe, expect, it } from 'vitest'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { fixtureSetup } from './support/fixtures'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { cookieHeader, signInCookies } from './support/sign-in'

// Data (GraphQL) against the AppSync simulator, through the typed Gen2 client of the request.
await setup(fixtureSetup('categories'))
const { stack } = loadCategories()
const cookiesOf = async (username: string) => cookieHeader(await signInCookies(stack, { username, password: stackUser(stack, username).password }))

interface Todo { id: string, content: string, owner: string | null }

describe('Data with user-pool authorization (the Gen2 default)', () => {
  it('models.Todo.create runs as the signed-in user: the resolver sees alice', async () => {
    const cookie = await cookiesOf('alice')
    const todo = await $fetch<Todo>('/api/data/todos', { method: 'POST', body: { content: 'buy milk' }, headers: { cookie } })
    expect(todo).toMatchObject({ content: 'buy milk', owner: 'alice' })
    const todos = await $fetch<Todo[]>('/api/data/todos', { headers: { cookie } })
    expect(todos).toContainEqual(todo)
  })

  it('a plain graphql document reaches the resolver with the caller\'s access token', async () => {
    const caller = await $fetch('/api/data/caller', { headers: { cookie: await cookiesOf('bob@example.com') } })
    expect(caller).toEqual({ username: 'bob@example.com', sub: expect.any(String), issuer: stack.issuer, tokenUse: 'access' })
  })

  it('concurrent requests of two users each reach the resolver as themselves', async () => {
    const users = ['alice', 'bob@example.com']
    const cookies = await Promise.all(users.map(cookiesOf))
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      $fetch<{ username: string }>('/api/data/caller', { headers: { cookie: cookies[i % 2]! } }).then(c => [users[i % 2], c.username])))
    expect(results.filter(([expected, got]) => expected !== got)).toEqual([])
  })

  it('without cookies the call answers 401 JSON, not a 500', async () => {
    for (const path of ['/api/data/todos', '/api/data/caller']) {
      const response = await fetch(path, { headers: { accept: 'application/json' } })
      expect(response.status, path).toBe(401)
      const body = await response.json()
      expect(body).toMatchObject({ statusCode: 401, message: 'Not signed in.' })
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(m?js|ts):\d+/)
    }
  })
})

describe('Data with API-key authorization', () => {
  it('a guest lists the todos with authMode apiKey', async () => {
    const cookie = await cookiesOf('alice')
    const created = await $fetch<Todo>('/api/data/todos', { method: 'POST', body: { content: 'public note' }, headers: { cookie } })
    const todos = await $fetch<Todo[]>('/api/data/public-todos')
    expect(todos).toContainEqual(created)
  })
})

describe('Data in server-rendered pages', () => {
  it('useAmplifyDataClient() lists todos during SSR with an API key', async () => {
    const cookie = await cookiesOf('alice')
    await $fetch('/api/data/todos', { method: 'POST', body: { content: 'rendered todo' }, headers: { cookie } })
    const html = await $fetch<string>('/')
    expect(html).toContain('rendered todo (alice)')
  })

  it('useAmplifyDataClient() runs as the signed-in user during SSR', async () => {
    expect(await $fetch<string>('/mine', { headers: { cookie: await cookiesOf('bob@example.com') } })).toContain('Todos of bob@example.com')
  })

  it('without cookies the page\'s call fails as "nobody signed in" (NoValidAuthTokens), not with another error', async () => {
    const html = await $fetch<string>('/mine')
    expect(html).not.toContain('Could not load your todos')
    expect(html).toContain('Sign in to see your todos.')
  })
})
