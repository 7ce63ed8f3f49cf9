import { randomBytes } from 'node:crypto'
import { AdminCreateUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, describe, expect, it, onTestFailed } from 'vitest'
import { fixtureDir, TEST_SESSION_PASSWORD } from './support/fixtures'
import { loadStack } from './support/stack-data'
import { adminClient } from './support/stack'
import { launchBrowser, openPage } from './support/browser'
import { startNuxtDev } from './support/nuxt-dev'
import { fill, formButton, outcome, shownFirst, submitSignIn } from './support/authenticator-page'

// `nuxi dev` with server sessions: Vite pre-bundles dependencies with esbuild, past Vite's plugins,
// so Amplify UI must be left out of pre-bundling for the module's seam (src/amplify-ui-seam.ts) to
// route the Authenticator's own confirmSignIn to the auth routes. The new-password step is the one
// that needs it. One dev server for the file: it is the expensive part.
const stack = loadStack()
const server = await startNuxtDev(fixtureDir('pages'), { NUXT_PUBLIC_AMPLIFY_SESSION: 'server', NUXT_AMPLIFY_SESSION_PASSWORD: TEST_SESSION_PASSWORD })
const browser = await launchBrowser()
afterAll(async () => {
  await browser.close()
  await server.stop()
})

describe('nuxi dev, server sessions: Amplify UI\'s Authenticator', () => {
  it('an admin-created user sets a new password and is signed in', async () => {
    const username = `devtemp-${randomBytes(4).toString('hex')}`
    const admin = adminClient(stack)
    await admin.send(new AdminCreateUserCommand({ UserPoolId: stack.userPoolId, Username: username, TemporaryPassword: 'Temp0rary!pass', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }] }))
    const context = await browser.newContext()
    const { page, messages } = await openPage(context)
    onTestFailed(() => console.error(`browser console:\n${messages.join('\n')}\n--- nuxi dev output ---\n${server.log().slice(-6000)}`))
    // The first page load makes Vite transform the whole app: slow on a loaded machine.
    await page.goto(server.url('/authenticator'), { timeout: 180_000 })
    await shownFirst(page, page.locator('[data-amplify-authenticator] input[name=username]'))
    await submitSignIn(page, username, 'Temp0rary!pass')
    await shownFirst(page, page.getByRole('heading', { name: 'Change Password' }))
    await fill(page, 'password', 'N3w!password')
    await fill(page, 'confirm_password', 'N3w!password')
    await formButton(page, 'Change Password').click()
    expect(await outcome(page)).toBe(`Signed in as ${username}.`)
    expect((await admin.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: username }))).UserStatus).toBe('CONFIRMED')
    admin.destroy()
    await context.close()
  }, 400_000)
})
