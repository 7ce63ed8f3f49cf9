import type { CognitoAuthAnswer } from '../routes/sign-in-result'
import type { RouteSignInOptions } from '../routes/amplify-options'
import { callCognito, type CognitoPool } from './cognito-client'
import { signInWithSrp } from './srp-sign-in'
import { signInWithCustomAuth } from './custom-auth-sign-in'

/**
 * A password sign-in with the flow the caller asked for: SRP (the password never goes to Cognito) or
 * USER_PASSWORD_AUTH (for app clients that allow only that). Sign-in and the sign-in after a confirmed
 * sign-up (confirm-sign-up.ts) both come here, so the second uses the flow the first one chose.
 */
export function signInWithFlow(pool: CognitoPool, username: string, password: string, options: RouteSignInOptions, deviceKey?: string): Promise<CognitoAuthAnswer> {
  const metadata = options.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}
  // A remembered device's key goes with the password (cognito/device-sign-in.ts), as Amplify sends it.
  const device = deviceKey ? { DEVICE_KEY: deviceKey } : {}
  if (options.authFlowType === 'USER_SRP_AUTH') return signInWithSrp(pool, username, password, metadata, device)
  if (options.authFlowType === 'CUSTOM_WITH_SRP') return signInWithCustomAuth(pool, username, password, metadata)
  if (options.authFlowType === 'CUSTOM_WITHOUT_SRP') return signInWithCustomAuth(pool, username, undefined, metadata)
  return callCognito<CognitoAuthAnswer>(pool, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, PASSWORD: password, ...device }, ...metadata })
}
