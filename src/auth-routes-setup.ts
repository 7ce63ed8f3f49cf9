import { randomBytes } from 'node:crypto'
import { addServerHandler, addServerPlugin, useLogger } from '@nuxt/kit'
import type { Nuxt } from '@nuxt/schema'
import { AUTH_ROUTES, authRoutePath, type AuthRouteName } from './runtime/shared/auth-routes'

// The auth routes this module serves; each one's handler file (src/runtime/server/routes/) is named as
// its path in the route table. Managed login (`oauth/*`) registers its own.
const ROUTES: AuthRouteName[] = ['signIn', 'confirmSignIn', 'signUp', 'confirmSignUp', 'resendSignUpCode', 'resetPassword', 'confirmResetPassword', 'signOut', 'session', 'rememberDevice', 'forgetDevice', 'fetchDevices']

const SESSION_PASSWORD_ENV = 'NUXT_AMPLIFY_SESSION_PASSWORD'

/**
 * Registers the auth routes under `prefix`, and makes sure their sealing secret exists: `nuxi dev`
 * without NUXT_AMPLIFY_SESSION_PASSWORD gets a random one for the process (as nuxt-auth-utils does for
 * NUXT_SESSION_PASSWORD); a production server without one stops at start-up (plugins/session-password.ts).
 */
export function addAuthRoutes(nuxt: Nuxt, prefix: string, resolve: (path: string) => string): void {
  for (const name of ROUTES) {
    addServerHandler({ route: authRoutePath(prefix, name), handler: resolve(`./runtime/server/routes/${AUTH_ROUTES[name]}`) })
  }
  addServerPlugin(resolve('./runtime/server/plugins/session-password'))
  const runtimePrivate = nuxt.options.runtimeConfig as { amplify?: { sessionPassword?: string } }
  if (nuxt.options.dev && !process.env[SESSION_PASSWORD_ENV] && !runtimePrivate.amplify?.sessionPassword) {
    const password = randomBytes(32).toString('base64url')
    process.env[SESSION_PASSWORD_ENV] = password
    runtimePrivate.amplify = { ...runtimePrivate.amplify, sessionPassword: password }
    useLogger('nuxt-amplify').info(`${SESSION_PASSWORD_ENV} is not set: using a random one for this dev server (sign-in steps in progress end when it restarts). Set it in .env for production.`)
  }
}
