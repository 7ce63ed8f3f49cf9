import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { fixtureBuildDir, fixtureDir, TEST_SESSION_PASSWORD } from './support/fixtures'
import { BUILD_TIMEOUT, ensureFixtureBuild, fixtureRuntimeEnv } from './support/fixture-builds'
import { startServer, type RunningServer } from './support/compat'
import { launchBrowser, openPage } from './support/browser'
import { loadStack, type StackData } from './support/stack-data'
import { customAuthPool, customAuthUser } from './support/custom-auth-pool'

// useAmplifyAuth()'s custom flows in Chromium, in both session modes, on the playground build (its
// /amplify-probe page) pointed at a pool with the quiz triggers (test/support/custom-auth-triggers.ts):
// - browser sessions: the composable is Amplify's own signIn/confirmSignIn, so this is Amplify's
//   browser build against the shim's stand-in (the cross-check of the stand-in, as shim-srp-browser
//   is for SRP), tokens in cookies Amplify writes;
// - server sessions: the module's routes, the session in HttpOnly cookies.
// Same steps, same additionalInfo, same Hub events either way.
const stack = loadStack()
let pool: StackData
let browser: Browser
const servers: Partial<Record<'browser' | 'server', RunningServer>> = {}

beforeAll(async () => {
  await ensureFixtureBuild(fixtureDir('pages'))
  pool = await customAuthPool(stack)
  const runtime = await fixtureRuntimeEnv(fixtureDir('pages'))
  const env = {
    ...runtime,
    NUXT_AMPLIFY_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
  }
  const entry = resolve(fixtureBuildDir('pages'), 'output/server/index.mjs')
  ;[servers.browser, servers.server] = await Promise.all([startServer(entry, { env }), startServer(entry, { env: { ...env, NUXT_PUBLIC_AMPLIFY_SESSION: 'server' } })])
  browser = await launchBrowser()
}, BUILD_TIMEOUT)
afterAll(async () => {
  await browser?.close()
  await Promise.all(Object.values(servers).map(server => server?.stop()))
})

type Outcome = { ok?: { isSignedIn: boolean, nextStep: { signInStep: string, additionalInfo?: Record<string, string> } }, error?: string, message?: string }
const call = (page: Page, name: 'authSignIn' | 'authConfirmSignIn' | 'user', input?: unknown) =>
  page.evaluate(([name, input]) => (window as any).amplifyProbe[name](input), [name, input] as const) as Promise<Outcome & { ok?: any }>
const hubEvents = (page: Page) => page.evaluate(() => (window as unknown as { hubAuthEvents: string[] }).hubAuthEvents)

async function probePage(mode: 'browser' | 'server'): Promise<{ page: Page, cookies: () => Promise<Array<{ name: string, httpOnly: boolean }>> }> {
  const context = await browser.newContext()
  const { page } = await openPage(context)
  await page.goto(new URL('/amplify-probe', servers[mode]!.url).href)
  await page.locator('#probe-ready').waitFor()
  return { page, cookies: () => context.cookies(servers[mode]!.url) }
}

describe.each(['browser', 'server'] as const)('custom auth in Chromium, %s sessions', (mode) => {
  it('CUSTOM_WITHOUT_SRP: the two questions with additionalInfo, clientMetadata to the triggers, then signed in (Hub signedIn)', async () => {
    const user = await customAuthUser(pool)
    const { page, cookies } = await probePage(mode)
    const first = await call(page, 'authSignIn', { username: user.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP', clientMetadata: { mode } } })
    expect(first.ok).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { round: '1', question: 'What is 2 + 3?', USERNAME: user.username } } })
    expect(JSON.parse(first.ok!.nextStep.additionalInfo!.clientMetadata!)).toEqual({ mode })
    const second = await call(page, 'authConfirmSignIn', { challengeResponse: '5', options: { clientMetadata: { answer: 'first' } } })
    expect(second.ok!.nextStep.additionalInfo).toMatchObject({ round: '2' })
    expect(JSON.parse(second.ok!.nextStep.additionalInfo!.lastVerify!).request.clientMetadata).toEqual({ answer: 'first' })
    expect((await call(page, 'authConfirmSignIn', { challengeResponse: 'Paris' })).ok).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    expect((await call(page, 'user')).ok).toMatchObject({ username: user.username })
    expect(await hubEvents(page)).toContain('signedIn')
    const tokens = (await cookies()).filter(cookie => cookie.name.endsWith('.accessToken') || cookie.name.endsWith('.refreshToken'))
    expect(tokens).toHaveLength(2)
    for (const cookie of tokens) expect(cookie.httpOnly, cookie.name).toBe(mode === 'server')
  })

  it('CUSTOM_WITH_SRP: password, then the questions; three wrong answers end it with NotAuthorizedException', async () => {
    const user = await customAuthUser(pool)
    const { page } = await probePage(mode)
    const first = await call(page, 'authSignIn', { username: user.username, password: user.password, options: { authFlowType: 'CUSTOM_WITH_SRP' } })
    expect(JSON.parse(first.ok!.nextStep.additionalInfo!.event!).request.session.map((result: { challengeName: string }) => result.challengeName)).toEqual(['SRP_A', 'PASSWORD_VERIFIER'])
    await call(page, 'authConfirmSignIn', { challengeResponse: '4' })
    await call(page, 'authConfirmSignIn', { challengeResponse: '6' })
    expect(await call(page, 'authConfirmSignIn', { challengeResponse: '7' })).toMatchObject({ error: 'NotAuthorizedException', message: 'Incorrect username or password.' })
    expect(await call(page, 'user')).toMatchObject({ error: 'UserUnAuthenticatedException' })
  })
})
