import { describe, expect, it } from 'vitest'
import { loadNuxt } from '@nuxt/kit'
import { fileURLToPath } from 'node:url'
import type { AmplifyPublicRuntimeConfig } from '../src/runtime/types'

// Gen2 REST APIs live in amplify_outputs.json under `custom.API`, which Amplify's own parser skips.
const cwd = fileURLToPath(new URL('./fixtures/config-errors', import.meta.url))
const auth = { aws_region: 'us-east-1', user_pool_id: 'us-east-1_abcdefghi', user_pool_client_id: '1234567890abcdefghijklmnop' }

async function load(config: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const nuxt = await loadNuxt({ cwd, dev: false, overrides: { amplify: { config, ...options } } as never })
  const publicAmplify = nuxt.options.runtimeConfig.public.amplify as AmplifyPublicRuntimeConfig
  await nuxt.close()
  return publicAmplify
}

describe('Gen2 custom.API becomes API.REST', () => {
  it('merges the REST APIs next to the GraphQL API', async () => {
    const { config } = await load({
      version: '1.4',
      auth,
      data: { url: 'https://example.appsync-api.us-east-1.amazonaws.com/graphql', aws_region: 'us-east-1', default_authorization_type: 'AMAZON_COGNITO_USER_POOLS', authorization_types: [] },
      custom: { API: { shop: { endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1' } } },
    })
    expect(config.API?.REST).toEqual({ shop: { endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1' } })
    expect(config.API?.GraphQL?.endpoint).toBe('https://example.appsync-api.us-east-1.amazonaws.com/graphql')
  })

  it('a REST API without an endpoint stops the build with its name', async () => {
    await expect(load({ version: '1.4', auth, custom: { API: { shop: { region: 'us-east-1' } } } }))
      .rejects.toThrow(/\[nuxt-amplify\] `custom\.API` in the inline `amplify\.config` object must map each REST API name to `\{ endpoint, region \}`; `shop` has no endpoint/)
  })

  it('an outputs file without custom.API has no REST section', async () => {
    const { config } = await load({ version: '1.4', auth })
    expect(config.API?.REST).toBeUndefined()
  })
})

describe('restAuthToken', () => {
  it('defaults to none and reaches the runtime config', async () => {
    expect((await load({ version: '1.4', auth })).restAuthToken).toBe('none')
    expect((await load({ version: '1.4', auth }, { restAuthToken: 'idToken' })).restAuthToken).toBe('idToken')
  })

  it('a misspelt value stops the build', async () => {
    await expect(load({ version: '1.4', auth }, { restAuthToken: 'idtoken' }))
      .rejects.toThrow(/`amplify\.restAuthToken` must be 'none', 'idToken' or 'accessToken', not "idtoken"/)
  })
})
