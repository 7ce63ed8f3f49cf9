import { getCurrentUser, type SignUpInput } from 'aws-amplify/auth'
import { useRuntimeConfig } from '#imports'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { useAmplifyAuth } from './useAmplifyAuth'

/**
 * The `services` prop of Amplify UI's `<authenticator>` (`@aws-amplify/ui-vue`). With server sessions:
 * its sign-in, sign-up and password-reset steps routed to the module's auth routes, so the same
 * component signs users in with HttpOnly cookies. With browser sessions it is `{}`, and the
 * Authenticator keeps calling Amplify directly, as before.
 *
 * ```vue
 * <ClientOnly><authenticator :services="useAmplifyAuthenticatorServices()" /></ClientOnly>
 * ```
 *
 * One thing differs with server sessions: after confirming a sign-up, the Authenticator asks for
 * the password once more. It runs `autoSignIn` from `aws-amplify/auth` itself, not through
 * `services`, and with server sessions only the server can sign in; so the sign-up is sent without
 * `autoSignIn`, and the Authenticator shows its sign-in step, as it does whenever autoSignIn is off.
 * Its sign-out button calls Amplify's `signOut()`, which the module turns into a server sign-out.
 */
export function useAmplifyAuthenticatorServices() {
  const runtime = useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
  if (runtime.session !== 'server') return {}
  const auth = useAmplifyAuth()
  return {
    getCurrentUser,
    handleSignIn: auth.signIn,
    handleConfirmSignIn: auth.confirmSignIn,
    handleSignUp: (input: SignUpInput) => auth.signUp({ ...input, options: { ...input.options, userAttributes: input.options?.userAttributes ?? {}, autoSignIn: false } }),
    handleConfirmSignUp: auth.confirmSignUp,
    handleResendSignUpCode: auth.resendSignUpCode,
    handleForgotPassword: auth.resetPassword,
    handleForgotPasswordSubmit: auth.confirmResetPassword,
  }
}
