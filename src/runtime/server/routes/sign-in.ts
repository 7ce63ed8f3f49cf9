import { defineAuthPostRoute } from './auth-route'
import { optionField, stringField } from './request-body'
import { answerSignIn } from './sign-in-result'
import { saveSignInState } from '../session/sign-in-state'
import { signInWithDevice } from '../cognito/device-sign-in'
import { clientMetadataField, signInFlow, stringMap } from './amplify-options'
import { signInPassword } from './sign-in-password'
import { signInWithUserAuth } from './user-auth'

/**
 * POST sign-in { username, password, options?: { authFlowType?, clientMetadata?, preferredChallenge? } } → Amplify's SignInResult.
 * `authFlowType: 'USER_AUTH'` (choice-based, passwordless): user-auth.ts.
 * SRP (Amplify's default: the password never leaves the server), USER_PASSWORD_AUTH, or the custom flows
 * (CUSTOM_WITH_SRP, CUSTOM_WITHOUT_SRP without a password: custom-auth-sign-in.ts); `clientMetadata`
 * goes to Cognito (its Lambda triggers) as Amplify sends it. An unconfirmed user gets
 * `nextStep: CONFIRM_SIGN_UP`, as Amplify's signIn answers.
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const username = stringField(fields, 'username', 128 * 4)
  const authFlowType = signInFlow(optionField(fields, 'authFlowType'))
  if (authFlowType === 'USER_AUTH') return await signInWithUserAuth(event, pool, fields, username, clientMetadataField(fields))
  const password = signInPassword(fields, authFlowType)
  const options = { authFlowType, clientMetadata: stringMap(optionField(fields, 'clientMetadata')) }
  const signInDetails = { loginId: username, authFlowType: options.authFlowType }
  try {
    return await answerSignIn(event, pool, await signInWithDevice(event, pool, username, password, options), { username, signInDetails })
  }
  catch (error) {
    if ((error as Error)?.name !== 'UserNotConfirmedException') throw error
    // Confirming the code signs the user in, with this sign-in's flow and metadata (the password is
    // kept, sealed, for that: confirm-sign-up.ts).
    await saveSignInState(event, { username, password, signInDetails, ...(options.clientMetadata && { clientMetadata: options.clientMetadata }) })
    return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } }
  }
})
