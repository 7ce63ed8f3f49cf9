import { AuthError, getCurrentUser } from 'aws-amplify/auth'
import type {
  ConfirmResetPasswordInput, ConfirmSignInInput, ConfirmSignInOutput, ConfirmSignUpInput, ConfirmSignUpOutput,
  ResendSignUpCodeInput, ResendSignUpCodeOutput, ResetPasswordInput, ResetPasswordOutput, SignInInput, SignInOutput,
  SignOutInput, SignUpInput, SignUpOutput,
} from 'aws-amplify/auth'
import { routeDeviceFlows } from './route-device-flows'
import { dispatchAuthEvent } from './auth-hub'
import { withPasskeyStep } from './passkey-ceremony'
import { postAuthRoute } from './auth-route-client'
import type { BrowserSession, ServerSessionControls } from './session-types'

/**
 * Amplify's client sign-in APIs, carried out by the module's auth routes: the server talks to
 * Cognito and writes the session cookies (HttpOnly with server sessions). Same inputs, `options`
 * included and passed on whole (test/types/auth-inputs.ts holds the types equal to Amplify's), same outputs
 * (`{ isSignedIn, nextStep }`, …), same Hub events, same `AuthError` names as `aws-amplify/auth`.
 */
// What the server's auto sign-in at confirm-sign-up answered, for the autoSignIn() that follows
// (one per page, like Amplify's own: any component's useAmplifyAuth() may call it).
let autoSignInResult: SignInOutput | undefined

export function routeAuthFlows(session: BrowserSession, server: ServerSessionControls, prefix: string) {
  /** The routes just signed someone in: the page drops what it held, reads the user, says so on Hub. */
  async function signedIn(): Promise<void> {
    await server.sessionChanged()
    dispatchAuthEvent('signedIn', await getCurrentUser())
  }

  /** A passkey step is taken in the page (passkey-ceremony.ts); a finished sign-in announced. */
  async function afterSignInStep<T extends SignInOutput>(answer: T): Promise<T> {
    const result = await withPasskeyStep(answer, challengeResponse => postAuthRoute<T>(prefix, 'confirmSignIn', { challengeResponse }))
    if (result.isSignedIn) await signedIn()
    return result
  }

  return {
    signIn: async ({ username, password, options }: SignInInput): Promise<SignInOutput> =>
      afterSignInStep(await postAuthRoute<SignInOutput>(prefix, 'signIn', { username, password, options })),

    confirmSignIn: async ({ challengeResponse, options }: ConfirmSignInInput): Promise<ConfirmSignInOutput> =>
      afterSignInStep(await postAuthRoute<ConfirmSignInOutput>(prefix, 'confirmSignIn', { challengeResponse, options })),

    signUp: async ({ username, password, options }: SignUpInput): Promise<SignUpOutput> => {
      const { signInResult, ...result } = await postAuthRoute<SignUpOutput & { signInResult?: SignInOutput }>(prefix, 'signUp', { username, password, options })
      // No confirmation needed and autoSignIn asked for: the server signed the user in (autoSignIn() reports it).
      if (result.isSignUpComplete) {
        autoSignInResult = signInResult
        await signedInIfSession()
      }
      return result
    },

    confirmSignUp: async ({ username, confirmationCode, options }: ConfirmSignUpInput): Promise<ConfirmSignUpOutput> => {
      const { signInResult, ...result } = await postAuthRoute<ConfirmSignUpOutput & { signInResult?: SignInOutput }>(prefix, 'confirmSignUp', { username, confirmationCode, options })
      autoSignInResult = signInResult
      if (result.isSignUpComplete) await signedInIfSession()
      return result
    },

    /**
     * After a confirmed sign-up with `autoSignIn`: the server signed the user in while confirming,
     * so this reports that sign-in's answer (a further step such as MFA, or done), where Amplify's
     * own autoSignIn signs in at this point.
     */
    autoSignIn: async (): Promise<SignInOutput> => {
      const result = autoSignInResult
      autoSignInResult = undefined
      if (result) return result
      if (!await session.tokenProvider.getTokens({ forceRefresh: false })) throw routeAutoSignInError()
      return { isSignedIn: true, nextStep: { signInStep: 'DONE' } }
    },

    resendSignUpCode: ({ username, options }: ResendSignUpCodeInput): Promise<ResendSignUpCodeOutput> =>
      postAuthRoute<ResendSignUpCodeOutput>(prefix, 'resendSignUpCode', { username, options }),

    resetPassword: ({ username, options }: ResetPasswordInput): Promise<ResetPasswordOutput> =>
      postAuthRoute<ResetPasswordOutput>(prefix, 'resetPassword', { username, options }),

    confirmResetPassword: async ({ username, confirmationCode, newPassword, options }: ConfirmResetPasswordInput): Promise<void> => {
      await postAuthRoute(prefix, 'confirmResetPassword', { username, confirmationCode, newPassword, options })
    },

    signOut: async (input?: SignOutInput): Promise<void> => {
      await server.signingOut(postAuthRoute(prefix, 'signOut', { global: input?.global ?? false }))
      await server.sessionChanged()
      dispatchAuthEvent('signedOut')
    },

    ...routeDeviceFlows(prefix),
  }

  /** Whether a completed sign-up left a session (autoSignIn): announced like any sign-in. */
  async function signedInIfSession(): Promise<void> {
    await server.sessionChanged()
    if (await session.tokenProvider.getTokens({ forceRefresh: false })) dispatchAuthEvent('signedIn', await getCurrentUser())
  }
}

function routeAutoSignInError(): AuthError {
  return new AuthError({ name: 'AutoSignInException', message: 'The autoSignIn flow has not started, or has been cancelled/completed.' })
}

export type RouteAuthFlows = ReturnType<typeof routeAuthFlows>
