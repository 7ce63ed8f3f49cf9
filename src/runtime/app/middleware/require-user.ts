import type { RouteLocationNormalized } from 'vue-router'
import { navigateTo, useNuxtApp, useRuntimeConfig } from '#imports'
import { useAmplifyUser } from '../composables/useAmplifyUser'
import { userStateBehind } from '../lib/auth-events'
import type { AmplifyPublicRuntimeConfig } from '../../types'

/** The login page of the app, from `amplify.redirect.login`. */
export function loginPath(): string {
  return (useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig).redirect.login
}

/**
 * Lets signed-in users through and sends anyone else to the login page with `?redirect=<where they
 * were going>`. The login page itself always passes, so there is no redirect loop. Shared by the
 * named `amplify-auth` middleware and the global `redirect` option.
 */
export async function requireUser(to: RouteLocationNormalized) {
  const login = loginPath()
  if (isLoginPage(to.path, login)) return
  const { user, ready, refresh } = useAmplifyUser()
  // Read again when the state may be behind the cookies. Not read yet on this page load: the first
  // load of an `ssr: false` page (no server render). In the browser (on the server the state is
  // this request's): an auth event since the last read, on this page or any before it (a sign-out,
  // or a sign-in as someone else); and "nobody" is checked once more, since cookies can change
  // without an event this page sees (a sign-in a moment ago, another tab).
  if (!ready.value || (import.meta.client && (!user.value || userStateBehind(useNuxtApp())))) await refresh()
  if (user.value) return
  return navigateTo({ path: login, query: { redirect: to.fullPath } })
}

function isLoginPage(path: string, login: string): boolean {
  return path === login || path === `${login}/`
}
