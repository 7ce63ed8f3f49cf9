import { getCurrentUser } from 'aws-amplify/auth'
import { useRuntimeConfig } from '#imports'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { useAmplifyAuth } from './useAmplifyAuth'

/**
 * The `services` prop of Amplify UI's `<authenticator>` (`@aws-amplify/ui-vue`), routed to the
 * module's auth routes with server sessions (`{}` with browser sessions).
 *
 * Not needed any more: with the auth routes built in, the module already sends every sign-in step
 * Amplify UI calls, through `services` or straight from `aws-amplify/auth` (a new password, the
 * auto sign-in after a confirmed sign-up), to the routes when the page runs with server sessions
 * (src/amplify-ui-seam.ts). A plain `<authenticator>` works in both session modes. Kept so that
 * apps which pass it go on working, with the same behaviour (auto sign-in included).
 *
 * ```vue
 * <ClientOnly><authenticator :services="useAmplifyAuthenticatorServices()" /></ClientOnly>
 * ```
 */
export function useAmplifyAuthenticatorServices() {
  const runtime = useRuntimeConfig().public.amplify as AmplifyPublicRuntimeConfig
  if (runtime.session !== 'server') return {}
  const auth = useAmplifyAuth()
  return {
    getCurrentUser,
    handleSignIn: auth.signIn,
    handleConfirmSignIn: auth.confirmSignIn,
    handleSignUp: auth.signUp,
    handleConfirmSignUp: auth.confirmSignUp,
    handleResendSignUpCode: auth.resendSignUpCode,
    handleForgotPassword: auth.resetPassword,
    handleForgotPasswordSubmit: auth.confirmResetPassword,
  }
}
