import type { H3Event, SessionConfig } from 'h3'
import { deleteCookie, getCookie, getSession, updateSession } from 'h3'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { sessionPassword } from './session-password'

/**
 * What a multi-step sign-in (or a sign-up that signs in once confirmed) needs between two requests.
 * It travels with the browser in a sealed cookie (h3's sealSession: iron-webcrypto, encrypted and
 * signed), never in server memory: Amplify's own `signIn` keeps it in a process-wide store shared by
 * concurrent requests. So any process of the same build (same secret) can take the next step.
 */
export interface SignInState {
  /** The username for Cognito's next call (after SRP: the USER_ID_FOR_SRP Cognito answered). */
  username: string
  /** The challenge being answered (`NEW_PASSWORD_REQUIRED`, `SMS_MFA`, …); absent for a pending sign-up. */
  challengeName?: string
  /** Cognito's `Session` for the challenge. */
  session?: string
  signInDetails?: { loginId?: string, authFlowType?: string }
  /** Confirm-sign-up with autoSignIn only: the password, to sign in once the code is confirmed. */
  password?: string
  /** Sign-up with autoSignIn through USER_AUTH: the Session SignUp answered, for ConfirmSignUp (user-auth-sign-up.ts). */
  signUpSession?: string
  /** With `password` or `signUpSession`: the `clientMetadata` that sign-in sends (the flow is `signInDetails.authFlowType`). */
  clientMetadata?: Record<string, string>
}

const COOKIE = 'nuxt-amplify.sign-in'
// A challenge Cognito gives 3 minutes (its Session lifetime); a sign-up code is typed within minutes.
const MAX_AGE_SECONDS = 5 * 60

function config(event: H3Event): SessionConfig {
  const runtime = amplifyRuntimeConfig()
  return {
    name: COOKIE,
    password: sessionPassword(event),
    maxAge: MAX_AGE_SECONDS,
    // Only ever a cookie (h3 would also read a header by default), only sent to the auth routes.
    sessionHeader: false,
    cookie: { httpOnly: true, secure: runtime.cookies.secure !== false && String(runtime.cookies.secure) !== 'false', sameSite: 'lax', path: runtime.authRoutes.prefix },
  }
}

/** The sign-in state of this request's browser, if it has a genuine, unexpired one. */
export async function readSignInState(event: H3Event): Promise<SignInState | undefined> {
  if (!hasStateCookie(event)) return undefined
  const session = await getSession<Partial<SignInState>>(event, config(event))
  return typeof session.data.username === 'string' && session.data.username ? session.data as SignInState : undefined
}

/** Replaces the browser's sign-in state (Set-Cookie on this response). */
export async function saveSignInState(event: H3Event, state: SignInState): Promise<void> {
  const options = config(event)
  const session = await getSession<Record<string, unknown>>(event, options)
  for (const key of Object.keys(session.data)) Reflect.deleteProperty(session.data, key) // nothing of an earlier state stays
  await updateSession(event, options, { ...state })
}

/** Ends the sign-in state (signed in, or abandoned). */
export async function clearSignInState(event: H3Event): Promise<void> {
  const sessions = event.context.sessions as Record<string, unknown> | undefined
  if (sessions) Reflect.deleteProperty(sessions, COOKIE)
  // (h3's clearSession would leave an empty cookie behind; this one expires it)
  if (hasStateCookie(event)) deleteCookie(event, COOKIE, config(event).cookie || undefined)
}

// Without the cookie there is nothing to unseal, and h3's getSession would write a new, empty one.
function hasStateCookie(event: H3Event): boolean {
  return getCookie(event, COOKIE) !== undefined
}
