import type { H3Event } from 'h3'
import type { CognitoPool } from '../cognito/cognito-client'
import { initiateUserAuth } from '../cognito/user-auth-sign-in'
import { clearSignInState, saveSignInState, type SignInState } from '../session/sign-in-state'
import type { RouteSignInOptions } from './amplify-options'
import { answerSignIn, type SignInResult } from './sign-in-result'

// Sign-up followed by a choice-based sign-in (signUp with `autoSignIn: { authFlowType: 'USER_AUTH' }`,
// a password or none): Cognito's SignUp answers a Session, ConfirmSignUp given that Session answers
// another, and InitiateAuth USER_AUTH with that one signs the user in, no factor asked (what Amplify's
// autoSignIn does). The Sessions travel in the sealed sign-in cookie, never a password.

/** After SignUp: keeps its Session for confirm-sign-up. */
export async function saveUserAuthSignUp(event: H3Event, username: string, autoSignIn: RouteSignInOptions, session: string | undefined): Promise<void> {
  if (!session) return
  const { clientMetadata } = autoSignIn
  await saveSignInState(event, { username, signUpSession: session, signInDetails: { loginId: username, authFlowType: 'USER_AUTH' }, ...(clientMetadata && { clientMetadata }) })
}

/** After ConfirmSignUp with the sign-up's Session: the sign-in with the Session Cognito answered. */
export async function userAuthAutoSignIn(event: H3Event, pool: CognitoPool, state: SignInState, session: string | undefined) {
  await clearSignInState(event)
  if (!session) return { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } }
  const metadata = state.clientMetadata ? { ClientMetadata: state.clientMetadata } : {}
  const answer = await initiateUserAuth(pool, state.username, { session, metadata })
  const signInResult: SignInResult = await answerSignIn(event, pool, answer, { username: state.username, signInDetails: state.signInDetails })
  return { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }, signInResult }
}
