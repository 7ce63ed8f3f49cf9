import { defineNuxtRouteMiddleware } from '#imports'
import { requireUser } from './require-user'

// `definePageMeta({ middleware: 'amplify-auth' })`: the page needs a signed-in user; anyone else
// goes to `amplify.redirect.login` (default `/login`) with `?redirect=<this page>`.
export default defineNuxtRouteMiddleware(to => requireUser(to))
