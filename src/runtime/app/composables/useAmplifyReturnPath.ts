import { useRoute, useRuntimeConfig } from '#imports'
import { safeReturnPath } from '../../shared/return-path'
import type { AmplifyPublicRuntimeConfig } from '../../types'

/**
 * Where to go after sign-in: the `?redirect=` path the login redirect kept, or `fallback`.
 * Only same-site paths are returned, so the parameter is no open redirect.
 *
 * ```ts
 * await signIn({ username, password })
 * await navigateTo(useAmplifyReturnPath('/profile'))
 * ```
 */
export function useAmplifyReturnPath(fallback = '/'): string {
  const { redirect } = useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
  return safeReturnPath(useRoute().query.redirect, fallback, redirect.login)
}
