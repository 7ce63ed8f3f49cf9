// Amplify's ways of saying "nobody is signed in": no tokens, tokens rejected, refresh refused.
const ANONYMOUS_ERRORS = new Set([
  'UserUnAuthenticatedException',
  'NotAuthorizedException',
  'TokenRevokedException',
  'UserNotFoundException',
  'RefreshTokenReuseException',
  // GraphQL with `authMode: 'userPool'` (the Gen2 default) and nobody signed in.
  'NoValidAuthTokens',
  // Storage / IAM calls of an anonymous request when the identity pool allows no guests.
  'NoCredentials',
])

/** True when `error` (or the error it wraps) means the request has no usable session. */
export function isAnonymousError(error: unknown): boolean {
  const name = (error as Error | undefined)?.name
  if (name && ANONYMOUS_ERRORS.has(name)) return true
  const cause = (error as { cause?: unknown } | undefined)?.cause
  return cause !== undefined && cause !== error && isAnonymousError(cause)
}
