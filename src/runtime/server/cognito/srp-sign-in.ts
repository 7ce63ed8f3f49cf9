import { CognitoError, type CognitoPool } from './cognito-client'
import type { CognitoAuthAnswer } from '../routes/sign-in-result'

/** USER_SRP_AUTH: not yet. */
export async function signInWithSrp(_pool: CognitoPool, _username: string, _password: string): Promise<CognitoAuthAnswer> {
  throw new CognitoError('InvalidParameterException', 'USER_SRP_AUTH is not available yet.')
}
