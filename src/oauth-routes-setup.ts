import { addServerHandler } from '@nuxt/kit'
import { authRoutePath, type AuthRouteName } from './runtime/shared/auth-routes'

// Managed login's routes and their handler files (src/runtime/server/routes/oauth/); sign-out takes
// GET (a link) and POST (a form).
const ROUTES: Array<[AuthRouteName, string, Array<'get' | 'post'>]> = [
  ['oauthSignIn', 'sign-in', ['get']],
  ['oauthSignUp', 'sign-up', ['get']],
  ['oauthCallback', 'callback', ['get']],
  ['oauthSignOut', 'sign-out', ['get', 'post']],
]

/** Registers the managed-login routes under `prefix` (with the other auth routes). */
export function addManagedLoginRoutes(prefix: string, resolve: (path: string) => string): void {
  for (const [name, file, methods] of ROUTES) {
    for (const method of methods) addServerHandler({ route: authRoutePath(prefix, name), method, handler: resolve(`./runtime/server/routes/oauth/${file}`) })
  }
}
