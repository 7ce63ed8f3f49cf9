// What the browser and the server agree on about the user context the auth routes give Cognito's
// threat protection (server: server/cognito/user-context.ts; page: app/lib/user-context-data.ts).

/**
 * The auth-route body field (JSON or form) that carries `EncodedData`: what Cognito's browser script,
 * `window.AmazonCognitoAdvancedSecurityData.getData(username, userPoolId, clientId)`, returned in the page.
 */
export const ENCODED_DATA_FIELD = 'encodedData'

/** The script writes base64 of a small JSON document (a few hundred bytes to a few KB); longer is not its output. */
export const MAX_ENCODED_DATA = 8192

/**
 * The largest `amplify.trustedProxies`: more proxies than any real chain has, so a larger value is a
 * mistake (checked by the build and, for a run-time override, by the server).
 */
export const MAX_TRUSTED_PROXIES = 16
