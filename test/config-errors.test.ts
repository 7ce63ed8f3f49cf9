import { describe, expect, it } from 'vitest'
import { loadNuxt } from '@nuxt/kit'
import { fileURLToPath } from 'node:url'
import type { AmplifyPublicRuntimeConfig } from '../src/runtime/types'

const cwd = fileURLToPath(new URL('./fixtures/config-errors', import.meta.url))

/** Starts Nuxt (module setup included, no build) with the given `amplify` options. */
async function load(amplify: Record<string, unknown>) {
  const nuxt = await loadNuxt({ cwd, dev: false, overrides: { amplify } as never })
  const publicAmplify = nuxt.options.runtimeConfig.public.amplify as AmplifyPublicRuntimeConfig
  await nuxt.close()
  return publicAmplify
}

describe('amplify.config errors stop Nuxt with one clear message', () => {
  it('no config at all', async () => {
    await expect(load({})).rejects.toThrow(/\[nuxt-amplify\] No Amplify configuration was given\. Set `amplify\.config`/)
  })

  it('a file that does not exist names the file and the fix', async () => {
    await expect(load({ config: './missing_outputs.json' })).rejects.toThrow(/missing_outputs\.json does not exist\. Run `npx ampx sandbox`/)
  })

  it('unparsable JSON names the file', async () => {
    await expect(load({ config: './broken.json' })).rejects.toThrow(/broken\.json is not valid JSON/)
  })

  it('a config without Auth while auth is on', async () => {
    await expect(load({ config: './no-auth.json' })).rejects.toThrow(/no-auth\.json has no Auth section[\s\S]*`amplify\.auth: false`/)
  })

  it('a config without Auth is accepted with auth: false', async () => {
    const runtime = await load({ config: './no-auth.json', auth: false })
    expect(runtime.config.Storage?.S3?.bucket).toBe('some-bucket')
  })

  it('an array instead of an object', async () => {
    await expect(load({ config: [] })).rejects.toThrow(/is an array; it must be an object/)
  })

  it('sameSite none without secure', async () => {
    await expect(load({ config: './amplify_outputs.json', cookies: { sameSite: 'none', secure: false } })).rejects.toThrow(/requires `secure: true`/)
  })

  it('an unknown sameSite value', async () => {
    await expect(load({ config: './amplify_outputs.json', cookies: { sameSite: 'loose' } })).rejects.toThrow(/must be 'lax', 'strict' or 'none'/)
  })

  it('a valid Gen2 outputs file is parsed into runtimeConfig.public.amplify with the default cookies', async () => {
    const runtime = await load({ config: './amplify_outputs.json' })
    expect(runtime.config.Auth?.Cognito).toMatchObject({ userPoolId: 'us-east-1_abcdefghi', userPoolClientId: '1234567890abcdefghijklmnop' })
    expect(runtime.cookies).toEqual({ domain: '', sameSite: 'lax', secure: true, path: '/', maxAge: 31_536_000 })
    expect(runtime.userPoolEndpoint).toBe('')
  })
})
