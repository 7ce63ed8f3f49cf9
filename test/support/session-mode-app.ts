// The pages fixture pointed at a test pool of its own, in one session mode at a time, for the
// Authenticator tests that run every step in both modes (authenticator-mfa-codes, -auto-confirm).
import { startServer } from '@nuxt/test-utils/e2e'
import type { StackData } from './stack-data'

export type SessionMode = 'server' | 'browser'

/** Run-time settings for `pool` in `session` mode (30 s Cognito timeout: the emulator on a shared machine can be slow; outages are tested elsewhere). */
export function poolAppEnv(stack: StackData, pool: { userPoolId: string, clientId: string }, session: SessionMode): Record<string, string> {
  return {
    NUXT_PUBLIC_AMPLIFY_SESSION: session,
    NUXT_PUBLIC_AMPLIFY_COGNITO_TIMEOUT: '30000',
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: `${stack.issuerDomain}/${pool.userPoolId}`,
  }
}

/**
 * Restarts the server in a test's own mode when it runs in the other one (call it inside the test:
 * @nuxt/test-utils' context is not there in a describe block's hooks). The server starts in `initial`.
 */
export function sessionModeSwitch(envFor: (mode: SessionMode) => Record<string, string>, initial: SessionMode = 'server'): (mode: SessionMode) => Promise<void> {
  let current = initial
  return async (mode) => {
    if (current === mode) return
    await startServer({ env: envFor(mode) })
    current = mode
  }
}
