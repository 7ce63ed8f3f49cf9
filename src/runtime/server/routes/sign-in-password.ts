import { CognitoError } from '../cognito/cognito-client'
import type { RouteSignInFlow } from './amplify-options'
import { stringField } from './request-body'

/**
 * The sign-in's password, as Amplify's signIn asks for it: required by every flow but
 * CUSTOM_WITHOUT_SRP, which takes none (the Define trigger asks what it wants instead). A password
 * given there is refused with Amplify's own validation error, so a page sees the same name either way.
 */
export function signInPassword(fields: Record<string, unknown>, flow: RouteSignInFlow): string {
  if (flow !== 'CUSTOM_WITHOUT_SRP') return stringField(fields, 'password', 256)
  if (fields.password !== undefined && fields.password !== '') {
    throw new CognitoError('CustomAuthSignInPassword', 'A password is not needed when signing in with CUSTOM_WITHOUT_SRP')
  }
  return ''
}
