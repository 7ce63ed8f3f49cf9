// A user pool for passkey sign-in: USER_AUTH with PASSWORD and WEB_AUTHN as first factors
// (user-auth-pool.ts), and the pool's WebAuthnConfiguration set as with Cognito, through
// SetUserPoolMfaConfig, which the shim's WebAuthn stand-in keeps (shim-webauthn.ts). The relying
// party is the host the test pages are served from: `localhost` (a secure context over http in
// Chromium; 127.0.0.1 is one too, but an IP address is never a valid RP ID, so Chromium refuses it).
import { CognitoIdentityProviderClient, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider'
import type { StackData } from './stack-data'
import { userAuthPool } from './user-auth-pool'

/** Where passkey tests open their pages: the server listens on 127.0.0.1, Chromium resolves localhost there. */
export const PASSKEY_HOST = 'localhost'

export async function passkeyPool(stack: StackData, relyingPartyId = PASSKEY_HOST, userVerification: 'required' | 'preferred' = 'required'): Promise<StackData> {
  const pool = await userAuthPool(stack, { factors: ['PASSWORD', 'WEB_AUTHN'] })
  const client = new CognitoIdentityProviderClient({ endpoint: stack.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  try {
    await client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.userPoolId, WebAuthnConfiguration: { RelyingPartyId: relyingPartyId, UserVerification: userVerification } }))
  }
  finally {
    client.destroy()
  }
  return pool
}
