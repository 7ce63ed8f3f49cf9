import type { Ref } from 'vue'
import type { AmplifyContext } from 'aws-amplify'
import type { NuxtApp } from '#app'
import { useNuxtApp, useState } from '#imports'
import type { AmplifyUser } from '../../shared/amplify-user'
import { userFromTokens } from '../../shared/amplify-user'
import { useAmplifyContext } from './useAmplifyContext'

export type { AmplifyUser } from '../../shared/amplify-user'

export interface AmplifyUserState {
  /** The signed-in user, or `null`. The same value on the server and in the first browser render. */
  user: Ref<AmplifyUser | null>
  /** `true` once the user was read for this page load (on the server, or in the browser for `ssr: false` pages). */
  ready: Ref<boolean>
  /** Reads the user again from the current tokens (refreshing them if they expired) and returns it. */
  refresh: () => Promise<AmplifyUser | null>
}

// One read at a time per app: Hub events, the middleware and the page may all ask at once. Keyed by
// the Nuxt app, because on the server each request has its own.
const pending = new WeakMap<NuxtApp, Promise<AmplifyUser | null>>()

/**
 * The signed-in user as reactive state. The server fills it from the request's token cookies (no
 * Cognito call while the tokens are valid) and the payload carries it to the browser, so server
 * HTML and first client render agree. In the browser it follows Amplify's Hub auth events.
 */
export function useAmplifyUser(): AmplifyUserState {
  const nuxtApp = useNuxtApp()
  const user = useState<AmplifyUser | null>('amplify:user', () => null)
  const ready = useState<boolean>('amplify:user-ready', () => false)

  function refresh(): Promise<AmplifyUser | null> {
    const running = pending.get(nuxtApp)
    if (running) return running
    // Resolved now, while the Nuxt app is known (on the server runWithContext hands back a promise).
    const context = Promise.resolve(nuxtApp.runWithContext(() => useAmplifyContext()))
    const read = readUser(context).then((value) => {
      user.value = value
      ready.value = true
      return value
    }).finally(() => pending.delete(nuxtApp))
    pending.set(nuxtApp, read)
    return read
  }

  return { user, ready, refresh }
}

/** Token-only read: `getTokens` skips the identity pool, which `fetchAuthSession` would also call. */
async function readUser(contextPromise: Promise<AmplifyContext>): Promise<AmplifyUser | null> {
  try {
    const context = await contextPromise
    if (!context.resourcesConfig.Auth?.Cognito) return null
    return userFromTokens(await context.getTokens({ forceRefresh: false }))
  }
  catch (error) {
    // No usable session (refresh refused, Cognito unreachable): the page renders anonymous
    // rather than failing; the reason is logged once.
    console.warn(`[nuxt-amplify] Could not read the signed-in user: ${(error as Error)?.message ?? error}`)
    return null
  }
}
