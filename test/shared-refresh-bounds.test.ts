import { afterAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { loadStack, stackUser } from './support/stack-data'
import { startPrivateShim } from './support/stack'
import { signInCookies } from './support/sign-in'
import { MAX_SHARED_REFRESHES, SETTLED_REFRESH_BYTES, refreshOncePerSession, sharedRefreshSizes } from '../src/runtime/server/tokens/shared-refresh'

// The shared refresher's tables under a bounded flood, with Amplify's real refresher against the
// emulator (a private shim, so the refreshes counted are this file's): refreshes in flight are capped
// by count (fixed-size keys) and released when they settle; settled results are capped in bytes.
const { stack, shim } = await startPrivateShim(loadStack())
afterAll(() => shim.stop())
const authConfig = { Cognito: { userPoolId: stack.userPoolId, userPoolClientId: stack.clientId, userPoolEndpoint: stack.endpoint } }
const jar = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
const refreshToken = Object.entries(jar).find(([name]) => name.endsWith('.refreshToken'))![1]
const refreshes = () => shim.counts().GetTokensFromRefreshToken ?? 0

/** What Amplify's orchestrator hands the refresher: the stored tokens (only the access token's string matters here). */
function input(access: string, refresh: string) {
  return { tokens: { accessToken: { payload: {}, toString: () => access }, refreshToken: refresh }, authConfig, username: 'alice' } as unknown as Parameters<typeof refreshOncePerSession>[0]
}

describe('shared refresh: bounded tables', () => {
  it('a flood of distinct sessions keeps at most the cap in flight, and nothing once they settle (refused refreshes are not kept)', { timeout: 120_000 }, async () => {
    // Cognito's answer to an unknown refresh token, scripted at the shim (cognito-local would take a minute for this many).
    const count = MAX_SHARED_REFRESHES + 200
    shim.configure({ failNext: { GetTokensFromRefreshToken: { count, type: 'NotAuthorizedException', message: 'Invalid Refresh Token' } } })
    const flood = Array.from({ length: count }, () => refreshOncePerSession(input(`access-${randomBytes(8).toString('hex')}`, randomBytes(32).toString('base64url'))))
    await Promise.race(flood.map(p => p.catch(() => {})))
    expect(sharedRefreshSizes().inFlight).toBeGreaterThan(0)
    expect(sharedRefreshSizes().inFlight).toBeLessThanOrEqual(MAX_SHARED_REFRESHES)
    const results = await Promise.allSettled(flood)
    expect(results.map(r => r.status === 'rejected' && (r.reason as Error).name)).toEqual(Array(count).fill('NotAuthorizedException'))
    expect(sharedRefreshSizes()).toMatchObject({ inFlight: 0, settled: 0 })
  })

  it('settled results stay within their bytes however many sessions refresh; a kept one answers without Cognito', { timeout: 180_000 }, async () => {
    const accessOf = (i: number) => `access-${i}-${randomBytes(8).toString('hex')}`
    const first = accessOf(-1)
    const kept = await refreshOncePerSession(input(first, refreshToken))
    const before = refreshes()
    expect((await refreshOncePerSession(input(first, refreshToken))).accessToken.toString()).toBe(kept.accessToken.toString())
    expect(refreshes()).toBe(before)

    // Genuine refreshes of alice's token, each under a distinct access token: more than 2 MB of results.
    const perEntry = Math.ceil(kept.accessToken.toString().length * 2.5 + kept.idToken!.toString().length * 2.5)
    const count = Math.ceil(SETTLED_REFRESH_BYTES / perEntry) + 50
    for (let i = 0; i < count; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => refreshOncePerSession(input(accessOf(i + j), refreshToken))))
    }
    const sizes = sharedRefreshSizes()
    expect(sizes.settledBytes).toBeLessThanOrEqual(SETTLED_REFRESH_BYTES)
    expect(sizes.settled).toBeLessThan(count)
    expect(sizes.inFlight).toBe(0)
  })
})
