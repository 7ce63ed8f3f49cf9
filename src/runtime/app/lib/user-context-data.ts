import { Amplify } from 'aws-amplify'
import { ENCODED_DATA_FIELD, MAX_ENCODED_DATA } from '../../shared/user-context'

interface AdvancedSecurityData { getData(username: string, userPoolId: string, clientId: string): unknown }

// The username of the flow in progress: confirmSignIn has none of its own (Amplify keeps the
// sign-in's in its sign-in store). One per page, as Amplify's store is.
let flowUsername: string | undefined

/**
 * A route post's body with the page's threat-protection data added, as Amplify's browser client adds
 * `UserContextData.EncodedData` to its own Cognito calls (its getUserContextData): when the app loads
 * Cognito's script (`window.AmazonCognitoAdvancedSecurityData`), its `getData(username, userPoolId,
 * clientId)` goes along as `encodedData`, and the server passes it to Cognito (server/cognito/user-context.ts).
 * Without the script, or when it fails or answers something else, the body goes as it is.
 */
export function withEncodedData(body: object): object {
  const named = (body as { username?: unknown }).username
  if (typeof named === 'string' && named) flowUsername = named
  const script = (globalThis as { AmazonCognitoAdvancedSecurityData?: Partial<AdvancedSecurityData> }).AmazonCognitoAdvancedSecurityData
  const cognito = Amplify.getConfig().Auth?.Cognito
  if (!flowUsername || typeof script?.getData !== 'function' || !cognito?.userPoolId || !cognito.userPoolClientId) return body
  let data: unknown
  try {
    data = script.getData(flowUsername, cognito.userPoolId, cognito.userPoolClientId)
  }
  catch {
    return body // the script's failure is no reason to fail the sign-in
  }
  return typeof data === 'string' && data && data.length <= MAX_ENCODED_DATA ? { ...body, [ENCODED_DATA_FIELD]: data } : body
}
