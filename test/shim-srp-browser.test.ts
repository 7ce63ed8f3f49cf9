// Amplify's default sign-in (SRP) in real Chromium against the emulator shim: the browser build
// of aws-amplify, its Web Crypto randomness and the shim's CORS answers, end to end. This is
// what the playground needs to drop its USER_PASSWORD_AUTH setting.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage } from './support/browser'
import { createUser, DEFAULT_PASSWORD } from './support/stack'
import { amplifyResourcesConfig, loadStack } from './support/stack-data'
import { type BundledPage, serveBundledPage } from './support/bundled-page'

const stack = loadStack()
const ENTRY = `
import { Amplify } from 'aws-amplify'
import { fetchAuthSession, signIn } from 'aws-amplify/auth'
window.srpSignIn = async (config, username, password) => {
  Amplify.configure(config)
  try {
    const result = await signIn({ username, password })
    const { tokens } = await fetchAuthSession()
    return { result, username: tokens?.accessToken.payload.username ?? null }
  }
  catch (error) {
    return { error: error.name + ': ' + error.message }
  }
}
`
let served: BundledPage
let origin: string
let browser: Browser

beforeAll(async () => {
  served = await serveBundledPage(ENTRY)
  origin = served.origin
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await served?.close()
})

describe('SRP sign-in in Chromium', () => {
  it('Amplify\'s default signIn in the browser signs in through the shim; a wrong password is refused', async () => {
    const name = `browser-${randomBytes(4).toString('hex')}`
    const user = await createUser(stack, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD })
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    await page.goto(origin)
    await page.waitForFunction(() => 'srpSignIn' in window)
    const config = amplifyResourcesConfig(stack)
    const call = (password: string) => page.evaluate(([c, u, p]) => (window as any).srpSignIn(c, u, p), [config, user.username, password] as const)
    expect(await call(`${user.password}x`)).toEqual({ error: 'NotAuthorizedException: Incorrect username or password.' })
    expect(await call(user.password)).toEqual({ result: { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, username: user.username })
    // Expected noise: Amplify's custom-endpoint warning, and Chromium logging the wrong password's 400.
    expect(messages.filter(m => !m.includes('Cognito User Pool endpoint') && !m.includes('status of 400 (Bad Request)'))).toEqual([])
    await context.close()
  })
})
