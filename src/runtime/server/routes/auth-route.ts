import type { H3Error, H3Event } from 'h3'
import { defineEventHandler, sendRedirect, setResponseHeader } from 'h3'
import { returnPathLocation, safeReturnPath } from '../../shared/return-path'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { warnAtMostEvery } from '../errors/bounded-warnings'
import { CognitoError, cognitoPool, type CognitoPool } from '../cognito/cognito-client'
import { authError, cognitoFailure } from '../cognito/cognito-errors'
import { requestUserContext } from '../cognito/user-context'
import { assertSameOrigin } from './same-origin'
import { readAuthRouteBody } from './request-body'

export interface AuthRouteInput {
  event: H3Event
  fields: Record<string, unknown>
  runtime: AmplifyPublicRuntimeConfig
  pool: CognitoPool
}

/** What a step answers: Amplify's shapes (`{ isSignedIn, nextStep }`, `{ isSignUpComplete, nextStep }`, …). */
export type AuthRouteResult = Record<string, unknown>

/**
 * A POST auth route: same-origin only (CSRF), a bounded JSON or form body, errors as 4xx/503 JSON
 * with Cognito's name in `data.name` (never a 500, never the input echoed), `Cache-Control: no-store`.
 * A form post gets a 303 instead of JSON: to its safe `redirect` field (encoded) when the flow is done, else to
 * the login page with `?step=<next step>` or `?error=<error name>` (names only: nothing is reflected).
 * Any other method: 405, so a GET (a link, an image) never changes state.
 */
export function defineAuthPostRoute(run: (input: AuthRouteInput) => Promise<AuthRouteResult>) {
  return defineEventHandler(async (event) => {
    setResponseHeader(event, 'cache-control', 'no-store')
    if (event.method !== 'POST') {
      setResponseHeader(event, 'allow', 'POST')
      throw authError(405, 'MethodNotAllowed', 'Use POST.')
    }
    assertSameOrigin(event)
    const { fields, form } = await readAuthRouteBody(event)
    const runtime = amplifyRuntimeConfig()
    try {
      // Every Cognito call of this route carries the browser's context (threat protection, user-context.ts).
      const pool = { ...cognitoPool(runtime), userContext: requestUserContext(event, fields, runtime.trustedProxies) }
      const result = await run({ event, fields, runtime, pool })
      if (!form) return result
      const step = nextStepOf(result)
      return sendRedirect(event, step ? loginUrl(runtime, fields, 'step', step) : returnPathLocation(safeReturnPath(fields.redirect, '/', runtime.redirect.login)), 303)
    }
    catch (error) {
      const failure = cognitoFailure(error)
      if (!(error instanceof CognitoError) && !(error as H3Error)?.statusCode) logUnexpected(error)
      if (!form) throw failure
      return sendRedirect(event, loginUrl(runtime, fields, 'error', (failure.data as { name: string }).name), 303)
    }
  })
}

/** The step still to take, or `undefined` when the flow is done. */
function nextStepOf(result: AuthRouteResult): string | undefined {
  const next = result.nextStep as Record<string, unknown> | undefined
  const step = next?.signInStep ?? next?.signUpStep ?? next?.resetPasswordStep
  if (typeof step !== 'string' || step === 'DONE' || step === 'COMPLETE_AUTO_SIGN_IN') return undefined
  return step
}

// The login page with one name-only parameter (`\w` after cognitoFailure) and the safe return path kept.
function loginUrl(runtime: AmplifyPublicRuntimeConfig, fields: Record<string, unknown>, key: 'step' | 'error', value: string): string {
  const login = runtime.redirect.login || '/login'
  const params = new URLSearchParams({ [key]: value.replace(/\W/g, '') })
  const redirect = safeReturnPath(fields.redirect, '', login)
  // Carried (a query value, encoded by URLSearchParams) only when it could be landed on later.
  if (redirect && returnPathLocation(redirect, '')) params.set('redirect', redirect)
  return `${login}?${params}`
}

// A bug of ours, not a Cognito answer: its name and message only (never the body), at most once a minute.
function logUnexpected(error: unknown): void {
  warnAtMostEvery('auth-route', 60_000, `Auth route failed: ${(error as Error)?.name}: ${String((error as Error)?.message).slice(0, 200)}`)
}
