import { useRuntimeConfig } from '#imports'
import { withQuery } from 'ufo'
import { authRoutePath } from '../../shared/auth-routes'
import type { AmplifyPublicRuntimeConfig } from '../../types'

export interface SignInWithRedirectInput {
  /** `'Google'`, `'Facebook'`, `'Apple'`, `'Amazon'` (Amplify's names) or any Cognito identity-provider name; none: the managed login page. */
  provider?: string
  /** Comes back on the return path as `?customState=`. */
  customState?: string
  /** Where to go after sign-in: a path of this site (default `/`). */
  redirect?: string
  /** The managed login's language, e.g. `'de'`. */
  lang?: string
}

function routes() {
  return (useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig).authRoutes
}

// Whole-page navigations, not fetch: the server answers with a redirect to the Cognito domain, and the
// proofs and the session come back as HttpOnly cookies of those navigations.
function navigate(url: string): void {
  window.location.assign(url)
}

/**
 * Managed login through the server routes (the browser counterpart of Amplify's `signInWithRedirect`):
 * the server keeps the PKCE verifier and `state`, exchanges the code and writes the session, so the page
 * after the callback is server-rendered signed in, in either session mode.
 */
export function signInWithRedirect(input: SignInWithRedirectInput = {}): void {
  const { provider, customState, redirect, lang } = input
  navigate(withQuery(authRoutePath(routes().prefix, 'oauthSignIn'), { provider, customState, redirect, lang }))
}

/** The managed login's sign-up page, then signed in as with `signInWithRedirect`. */
export function signUpWithRedirect(input: Pick<SignInWithRedirectInput, 'redirect' | 'lang'> = {}): void {
  navigate(withQuery(authRoutePath(routes().prefix, 'oauthSignUp'), { redirect: input.redirect, lang: input.lang }))
}

/** Revokes the refresh token, deletes the session cookies, signs out of the managed login too, and lands on the configured sign-out URL. */
export function signOutWithRedirect(): void {
  navigate(authRoutePath(routes().prefix, 'oauthSignOut'))
}
