import { Hub } from 'aws-amplify/utils'
import { postAuthRoute } from './auth-route-client'
import { isOwnAuthEvent } from './auth-hub'
import type { ServerSessionControls } from './session-types'

/**
 * Server sessions: `signOut()` from `aws-amplify/auth` (also the one Amplify UI's Authenticator
 * calls) can only clear browser memory; the session lives in HttpOnly cookies. When Amplify
 * announces such a sign-out, this ends the server session too, through the sign-out route, and no
 * token is read until that answered, so the page cannot fetch the old session back meanwhile.
 * The module's own sign-out (useAmplifyAuth) already called the route: its event is left alone.
 * Registered before any other listener of the page, so it is first to hear the event.
 */
export function endServerSessionOnAmplifySignOut(session: ServerSessionControls, prefix: string): void {
  Hub.listen('auth', ({ payload: { event } }) => {
    if (event !== 'signedOut' || isOwnAuthEvent()) return
    session.signingOut(postAuthRoute(prefix, 'signOut', {})).catch((error: Error) => {
      console.warn(`[nuxt-amplify] Signing out at the server failed: ${error.message}`)
    })
  })
}
