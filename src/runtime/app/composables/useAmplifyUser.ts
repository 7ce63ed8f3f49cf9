import type { Ref } from 'vue'
import type { AuthTokens } from 'aws-amplify/auth'
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito'
import { fetchAuthSession } from 'aws-amplify/auth/server'
import type { NuxtApp } from '#app'
import { useNuxtApp, useState } from '#imports'
import type { AmplifyUser } from '../../shared/amplify-user'
import { userFromTokens } from '../../shared/amplify-user'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { authEventLog, identityChangedSinceRead } from '../lib/auth-events'
import { currentBrowserSession } from '../lib/browser-session'
import { useAmplifyServerContext } from './useAmplifyServerContext'

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
// Apps whose browser state already re-reads on auth events (set up on first use: the reading code
// ships only to apps that ask for the user; the always-loaded plugin only counts the events).
const following = new WeakSet<NuxtApp>()

/**
 * The signed-in user as reactive state. The server fills it from the request's token cookies (no
 * Cognito call while the tokens are valid) and the payload carries it to the browser, so server
 * HTML and first client render agree. In the browser it follows Amplify's Hub auth events, also
 * those that happened before its first use (lib/auth-events.ts).
 */
export function useAmplifyUser(): AmplifyUserState {
  const nuxtApp = useNuxtApp()
  const user = useState<AmplifyUser | null>('amplify:user', () => null)
  const ready = useState<boolean>('amplify:user-ready', () => false)

  function refresh(): Promise<AmplifyUser | null> {
    const running = pending.get(nuxtApp)
    if (running) return running
    const read = readLatestUser(nuxtApp).then((value) => {
      user.value = value
      ready.value = true
      return value
    }).finally(() => pending.delete(nuxtApp))
    pending.set(nuxtApp, read)
    return read
  }

  const state = { user, ready, refresh }
  if (import.meta.client && !following.has(nuxtApp)) followInBrowser(nuxtApp, state)
  return state
}

/**
 * After a sign-out (with or without a sign-in as someone else after it) the state's user is gone
 * for sure: drop it at once, so that no page shows it while the read of the new one is pending.
 */
function dropUserIfSignedOut(nuxtApp: NuxtApp, { user }: AmplifyUserState) {
  const log = authEventLog(nuxtApp)
  if (log && user.value && identityChangedSinceRead(log)) user.value = null
}

/**
 * From the first use in the browser on: re-reads the user on each auth event the configure plugin
 * records (dropping it first after a sign-out), and once from the cookies after hydration,
 * so the first render still matches the server HTML. That one read also covers the first load of
 * an `ssr: false` page and prerendered pages.
 */
function followInBrowser(nuxtApp: NuxtApp, state: AmplifyUserState) {
  following.add(nuxtApp)
  const log = authEventLog(nuxtApp)
  if (log) {
    log.onEvent = () => {
      dropUserIfSignedOut(nuxtApp, state)
      void state.refresh()
    }
  }
  dropUserIfSignedOut(nuxtApp, state) // events before this first use
  if (nuxtApp.isHydrating) nuxtApp.hooks.hookOnce('app:suspense:resolve', () => void state.refresh())
  else void state.refresh()
}

/**
 * Reads the user, again if someone signed in or out during the read (it may have seen the cookies
 * before that), and notes which auth events the value accounts for. Token events during a read
 * (the read itself may refresh the tokens) do not repeat it: offline, each read would fail a
 * refresh again and the loop would never end.
 */
async function readLatestUser(nuxtApp: NuxtApp): Promise<AmplifyUser | null> {
  const log = import.meta.client ? authEventLog(nuxtApp) : undefined
  for (;;) {
    const events = log?.events ?? 0
    const identityChanges = log?.identityChanges
    const value = await readUser(nuxtApp)
    if (!log) return value
    if (log.identityChanges === identityChanges) {
      log.readAfter = events
      log.identityReadAfter = identityChanges
      return value
    }
  }
}

async function readUser(nuxtApp: NuxtApp): Promise<AmplifyUser | null> {
  const { config } = nuxtApp.$config.public.amplify as AmplifyPublicRuntimeConfig
  if (!config.Auth?.Cognito) return null // an app without sign-in
  try {
    // Started inside the app's context (the server needs it to find the request); on the server
    // runWithContext hands back a promise.
    return userFromTokens(await nuxtApp.runWithContext(readTokens))
  }
  catch (error) {
    // No usable session (refresh refused, Cognito unreachable): the page renders anonymous
    // rather than failing, and says why in the log.
    console.warn(`[nuxt-amplify] Could not read the signed-in user: ${(error as Error)?.message ?? error}`)
    return null
  }
}

/** Token-only reads: no identity-pool call, which `fetchAuthSession` would add. */
function readTokens(): Promise<AuthTokens | undefined> {
  // A build-time constant: each bundle keeps one branch (the server imports stay out of the browser).
  return import.meta.client ? readBrowserTokens() : readRequestTokens()
}

/**
 * The browser: the token provider the client plugin configured (Amplify's own on the cookies, or the
 * server's session route with server sessions: lib/browser-session.ts).
 */
async function readBrowserTokens(): Promise<AuthTokens | undefined> {
  const provider = currentBrowserSession()?.tokenProvider ?? cognitoUserPoolsTokenProvider
  return (await provider.getTokens({ forceRefresh: false })) ?? undefined
}

/** The server: this request's context, from its cookies. */
async function readRequestTokens(): Promise<AuthTokens | undefined> {
  const context = useAmplifyServerContext()
  if (typeof context.getTokens === 'function') return await context.getTokens({ forceRefresh: false })
  // aws-amplify before 6.22: the request context is a bare spec without methods.
  return (await fetchAuthSession(context)).tokens
}
