import type { H3Event } from 'h3'

// Requests during which Cognito (token refresh or the user pool's signing keys) could not be
// reached. Such a request goes on as anonymous, but the guards and the error hook answer 503
// instead of 401: "sign in again" would be the wrong advice when the service is down.
// Kept on event.context (not in a module-level map): Nuxt bundles this file twice (Nitro and the
// Vue SSR bundle), and both must see the same record.
const KEY = 'amplifyAuthOutage'

/** The 503 message of the guards and the error hook. */
export const AUTH_UNAVAILABLE_MESSAGE = 'Sign-in service unavailable. Try again shortly.'

/**
 * Records that this request could not reach Cognito. It logs nothing: anyone can make requests, so
 * the sources log at most once per interval (bounded-token-provider.ts, key-set.ts).
 */
export function markAuthOutage(event: H3Event, reason: string): void {
  event.context[KEY] ??= reason
}

/** Why this request could not reach Cognito, or `undefined` when it could (or did not need to). */
export function authOutageOf(event: H3Event): string | undefined {
  return event.context[KEY] as string | undefined
}
