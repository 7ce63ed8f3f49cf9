import type { RouteLocationNormalized } from 'vue-router'
import { navigateTo, useRuntimeConfig } from '#imports'
import { useAmplifyUser } from '../composables/useAmplifyUser'
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
  // Not read yet on this page load: the first load of an `ssr: false` page (no server render).
  if (!ready.value) await refresh()
  // In the browser, "nobody" is checked against the cookies once more: a sign-in may have finished
  // a moment ago, before its Hub event updated the state. (On the server the state is this request's.)
  else if (!user.value && import.meta.client) await refresh()
  if (user.value) return
  return navigateTo({ path: login, query: { redirect: to.fullPath } })
}

function isLoginPage(path: string, login: string): boolean {
  return path === login || path === `${login}/`
}
