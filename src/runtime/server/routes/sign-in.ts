import { defineAuthPostRoute } from './auth-route'
import { optionField, stringField } from './request-body'
import { answerSignIn } from './sign-in-result'
import { saveSignInState } from '../session/sign-in-state'
import { signInWithFlow } from '../cognito/sign-in-flow'
import { clientMetadataField, signInFlow, stringMap } from './amplify-options'
import { signInWithUserAuth } from './user-auth'

/**
 * POST sign-in { username, password, options?: { authFlowType?, clientMetadata?, preferredChallenge? } } → Amplify's SignInResult.
 * `authFlowType: 'USER_AUTH'` (choice-based, passwordless): user-auth.ts.
 * SRP (Amplify's default: the password never leaves the server) or USER_PASSWORD_AUTH; `clientMetadata`
 * goes to Cognito (its Lambda triggers) as Amplify sends it. An unconfirmed user gets
 * `nextStep: CONFIRM_SIGN_UP`, as Amplify's signIn answers.
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  const authFlowType = signInFlow(optionField(fields, 'authFlowType'))
  if (authFlowType === 'USER_AUTH') return await signInWithUserAuth(event, pool, fields, username, clientMetadataField(fields))
  const password = stringField(fields, 'password', 256)
  const options = { authFlowType, clientMetadata: stringMap(optionField(fields, 'clientMetadata')) }
  const signInDetails = { loginId: username, authFlowType: options.authFlowType }
  try {
    return await answerSignIn(event, pool, await signInWithFlow(pool, username, password, options), { username, signInDetails })
  }
  catch (error) {
    if ((error as Error)?.name !== 'UserNotConfirmedException') throw error
    // Confirming the code signs the user in, with this sign-in's flow and metadata (the password is
    // kept, sealed, for that: confirm-sign-up.ts).
    await saveSignInState(event, { username, password, signInDetails, ...(options.clientMetadata && { clientMetadata: options.clientMetadata }) })
    return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } }
  }
})
