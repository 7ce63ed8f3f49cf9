import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { setup, url } from '@nuxt/test-utils/e2e'
import type { Browser, Page } from 'playwright-core'
import { fixtureSetup } from './support/fixtures'
import { launchBrowser, openPage } from './support/browser'
import { serverSessionEnv } from './support/script-visible'
import { userContextRecords } from './support/shim-user-context'
import { createUser, DEFAULT_PASSWORD } from './support/stack'
import { loadStack } from './support/stack-data'

// The page's threat-protection data in server sessions, in Chromium: the playground's login form
// (useAmplifyAuth().signIn, SRP through the sign-in route). A page that loads Cognito's script has
// `window.AmazonCognitoAdvancedSecurityData`; here the test page defines one with the script's
// interface, `getData(username, userPoolId, clientId)` → a string, that writes down its arguments.
// What reached Cognito is read from the shim's records (test/support/shim-user-context.ts).
await setup(fixtureSetup('pages', serverSessionEnv()))
const stack = loadStack()
const browser: Browser = await launchBrowser()
afterAll(() => browser.close())

const LOOPBACK = ['127.0.0.1', '::1']
const hydrated = (page: Page) => page.waitForFunction(() => (window as unknown as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)

/** Signs in through the playground's form and waits for the signed-in page. */
async function signInThroughForm(page: Page, username: string): Promise<void> {
  await page.goto(url('/login?redirect=/account'))
  await hydrated(page)
  await page.locator('#login-form input[name=username]').fill(username)
  await page.locator('#login-form input[name=password]').fill(DEFAULT_PASSWORD)
  await page.locator('#login-form button[type=submit]').click()
  await page.waitForURL(u => u.pathname === '/account')
}

async function newUser(prefix: string): Promise<string> {
  const username = `${prefix}-${randomBytes(4).toString('hex')}`
  await createUser(stack, { username, password: DEFAULT_PASSWORD, email: 'ucb@example.com', name: 'UCB' })
  return username
}

describe('EncodedData from the page, in server sessions', () => {
  it('the page\'s AmazonCognitoAdvancedSecurityData.getData(username, userPoolId, clientId) reaches Cognito with each call of the sign-in', async () => {
    const username = await newUser('ucb-script')
    const context = await browser.newContext()
    await context.addInitScript(() => {
      // The script's interface; its output is base64, as the real script's.
      Object.assign(window, {
        AmazonCognitoAdvancedSecurityData: {
          getData: (user: string, pool: string, client: string) => btoa(JSON.stringify({ user, pool, client })),
        },
      })
    })
    const { page } = await openPage(context)
    await signInThroughForm(page, username)

    const records = (await userContextRecords(stack, username)).filter(record => record.operation === 'InitiateAuth' || record.operation === 'RespondToAuthChallenge')
    expect(records.map(record => record.operation)).toEqual(['InitiateAuth', 'RespondToAuthChallenge'])
    for (const record of records) {
      expect(JSON.parse(Buffer.from(record.encodedData ?? '', 'base64').toString()), record.operation).toEqual({ user: username, pool: stack.userPoolId, client: stack.clientId })
      expect(LOOPBACK, record.operation).toContain(record.ipAddress) // the browser's connection
    }
    await context.close()
  })

  it('without the script, and with one that throws, the sign-in works and carries the address alone', async () => {
    for (const script of ['none', 'throws'] as const) {
      const username = await newUser(`ucb-${script}`)
      const context = await browser.newContext()
      if (script === 'throws') {
        await context.addInitScript(() => Object.assign(window, {
          AmazonCognitoAdvancedSecurityData: {
            getData: () => {
              throw new Error('script failure')
            },
          },
        }))
      }
      const { page } = await openPage(context)
      await signInThroughForm(page, username)
      const record = (await userContextRecords(stack, username)).find(entry => entry.operation === 'InitiateAuth')
      expect(record, script).toMatchObject({ present: true })
      expect(LOOPBACK, script).toContain(record?.ipAddress)
      expect(record?.encodedData, script).toBeUndefined()
      await context.close()
    }
  })
})
