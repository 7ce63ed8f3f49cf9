// A cached fixture build carries placeholders for the run's services (support/fixture-placeholders.ts)
// and each server gets the real values as NUXT_* variables (support/runtime-config-env.ts). Checked
// here against Nitro's own applyEnv (what a built server runs at start): the variables turn the built
// runtime config into the real one, a test's own variables win as they did over a build made with the
// real values, and two runs with other ports and ids share one placeholder copy (one cache entry).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyEnv } from 'nitropack/runtime/internal/utils.env'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { runValues, withRealValues } from '../support/fixture-placeholders'
import { runtimeConfigEnv } from '../support/runtime-config-env'
import { STACK_ENV } from '../support/stack-data'

const dir = mkdtempSync(join(tmpdir(), 'nuxt-amplify-runtime-env-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function stackFile(port: number, poolSuffix: string): string {
  const origin = `http://127.0.0.1:${port}`
  const userPoolId = `local_${poolSuffix}`
  const file = join(dir, `stack-${port}.json`)
  writeFileSync(file, JSON.stringify({
    region: 'local', userPoolId, clientId: `web${poolSuffix}`, shortClientId: `short${poolSuffix}`,
    cognitoUrl: `http://127.0.0.1:${port + 1}`, endpoint: origin, jwksUrl: `${origin}/${userPoolId}/.well-known/jwks.json`,
    issuer: `${origin}/${userPoolId}`, issuerDomain: origin, oauthUrl: `http://127.0.0.1:${port + 2}`,
    users: [{ username: 'alice', password: `pw-${poolSuffix}` }], cognitoDir: join(dir, poolSuffix),
  }))
  return file
}

/** Nitro's runtime-config override, with `env` as the process environment. */
function applied<T extends object>(config: T, env: Record<string, string>): T {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
  try {
    return applyEnv(structuredClone(config), { prefix: 'NUXT_', altPrefix: 'NITRO_' }) as T
  }
  finally {
    vi.unstubAllEnvs()
  }
}

/** A runtime config as the module builds it from a fixture config that read `stack`. */
function builtFrom(stack: Record<string, string>) {
  return {
    app: { baseURL: '/' },
    testS3Endpoint: stack.cognitoUrl,
    public: {
      amplify: {
        config: { Auth: { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.clientId } }, API: { REST: { echo: { endpoint: `${stack.cognitoUrl}/rest` } } } },
        userPoolEndpoint: stack.endpoint,
        oauthEndpoint: stack.oauthUrl,
        cookies: { sameSite: 'lax', secure: true },
        session: 'browser',
      },
    },
  }
}

describe('cached fixture builds: placeholders at build time, real values at run time', () => {
  it('two runs with other ports and ids build from the same placeholder copy', () => {
    const first = runValues([STACK_ENV], { [STACK_ENV]: stackFile(41000, 'aaaa1111') })
    const second = runValues([STACK_ENV], { [STACK_ENV]: stackFile(52000, 'bbbb2222') })
    expect(second.files[STACK_ENV]).toBe(first.files[STACK_ENV])
    const copy = readFileSync(first.files[STACK_ENV]!, 'utf8')
    expect(copy).not.toMatch(/127\.0\.0\.1|aaaa1111|pw-|users|cognitoDir/)
    expect(JSON.parse(copy).userPoolId).toMatch(/^local_placeholder\d+$/)
  })

  it('the NUXT_* variables turn the built runtime config into the real one; a test\'s own variables still win', () => {
    const real = JSON.parse(readFileSync(stackFile(43000, 'cccc3333'), 'utf8'))
    const { pairs, files } = runValues([STACK_ENV], { [STACK_ENV]: join(dir, 'stack-43000.json') })
    const built = builtFrom(JSON.parse(readFileSync(files[STACK_ENV]!, 'utf8')))
    const wanted = builtFrom(real)
    expect(withRealValues(built, pairs)).toEqual(wanted)
    const env = runtimeConfigEnv(built, withRealValues(built, pairs))
    expect(Object.keys(env).sort()).toEqual(['NUXT_PUBLIC_AMPLIFY', 'NUXT_TEST_S3_ENDPOINT'])
    expect(applied(built, env)).toEqual(wanted)
    // A test that points the build at another app client (as refresh.test.ts does).
    const own = { NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: real.userPoolId, userPoolClientId: real.shortClientId } } }), NUXT_PUBLIC_AMPLIFY_SESSION: 'server' }
    expect(applied(built, { ...env, ...own })).toEqual(applied(wanted, own))
  })
})
