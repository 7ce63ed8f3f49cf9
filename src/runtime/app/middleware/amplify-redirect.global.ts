import { defineNuxtRouteMiddleware, useRuntimeConfig } from '#imports'
import { matchesAnyRouteGlob } from '../../shared/route-glob'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { requireUser } from './require-user'

// Registered only when the `redirect` option is set: every route matching `include` and not
// `exclude` needs a signed-in user (see requireUser for the login page and `?redirect=`).
export default defineNuxtRouteMiddleware((to) => {
  const { include, exclude } = (useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig).redirect
  if (!matchesAnyRouteGlob(include, to.path) || matchesAnyRouteGlob(exclude, to.path)) return
  return requireUser(to)
})
