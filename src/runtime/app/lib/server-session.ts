import type { ResourcesConfig } from 'aws-amplify'
import { CognitoAWSCredentialsAndIdentityIdProvider, DefaultIdentityIdStore, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito'
import { authRoutePath } from '../../shared/auth-routes'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import type { BrowserSession, ServerSessionControls } from './session-types'
import { MemoryStorage } from './memory-storage'
import { ServerTokenSource } from './server-token-source'
import { endServerSessionOnAmplifySignOut } from './sign-out-bridge'

/** Server sessions in the browser (see browser-session.ts): loaded only when `session: 'server'`. */
export function serverSession(runtime: AmplifyPublicRuntimeConfig, auth: NonNullable<ResourcesConfig['Auth']>): BrowserSession {
  const memory = new MemoryStorage()
  // Not the page's token source, but app code may still call aws-amplify/auth directly: whatever
  // it stores stays in memory, never in a cookie or Web Storage.
  cognitoUserPoolsTokenProvider.setAuthConfig(auth)
  cognitoUserPoolsTokenProvider.setKeyValueStorage(memory)
  const tokens = new ServerTokenSource(authRoutePath(runtime.authRoutes.prefix, 'session'))
  const credentialsProvider = new CognitoAWSCredentialsAndIdentityIdProvider(new DefaultIdentityIdStore(memory))
  const server: ServerSessionControls = {
    authRoutesPrefix: runtime.authRoutes.prefix,
    sessionChanged: () => {
      tokens.forget()
      return credentialsProvider.clearCredentialsAndIdentityId()
    },
    signingOut: signOut => tokens.whileSigningOut(signOut),
  }
  endServerSessionOnAmplifySignOut(server, runtime.authRoutes.prefix)
  return { tokenProvider: tokens, credentialsProvider, server }
}
