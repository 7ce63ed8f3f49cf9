import { createError, type H3Error } from 'h3'
import { CognitoError } from './cognito-client'

/**
 * The auth routes' error answer: `{ statusCode, statusMessage, data: { name, message } }` with Cognito's
 * error name in `data.name` (shared/auth-routes.ts). The message is Cognito's or ours, never the
 * request's input, so no password, code or token is echoed back.
 */
export function authError(statusCode: number, name: string, message: string): H3Error {
  return createError({ statusCode, statusMessage: STATUS_TEXT[statusCode] ?? 'Error', message, data: { name, message } })
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 411: 'Length Required', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  429: 'Too Many Requests', 503: 'Service Unavailable',
}

// Cognito's client errors by what they mean for the caller. Any other Cognito 4xx name is a 400.
const STATUS_BY_NAME: Record<string, number> = {
  NotAuthorizedException: 401, // wrong password, revoked token, unknown user with user-existence errors off
  UserNotFoundException: 401, // same answer as a wrong password: a caller learns no more than Cognito says
  PasswordResetRequiredException: 401,
  UserNotConfirmedException: 403,
  UsernameExistsException: 409,
  AliasExistsException: 409,
  LimitExceededException: 429,
  TooManyRequestsException: 429,
  TooManyFailedAttemptsException: 429,
  CodeDeliveryFailureException: 503,
}

// Plain words for what a user sees most; else Cognito's own message. NotAuthorizedException keeps
// Cognito's: it says which refusal it is ("Incorrect username or password.", "Invalid session for the
// user, session is expired.", "User is disabled."), which Amplify UI words for the user as it does in
// browser sessions.
const MESSAGES: Record<string, string> = {
  UserNotFoundException: 'Incorrect username or password.',
  CodeMismatchException: 'Invalid verification code.',
  ExpiredCodeException: 'The code has expired. Request a new one.',
  LimitExceededException: 'Too many attempts. Try again later.',
  TooManyRequestsException: 'Too many requests. Try again later.',
}

/** A Cognito failure as the route's answer: 4xx with Cognito's name, 503 when Cognito was unreachable, slow or failing. */
export function cognitoFailure(error: unknown): H3Error {
  if (error instanceof CognitoError) {
    if (error.outage) return authError(503, error.name, 'Sign-in service unavailable. Try again shortly.')
    const status = STATUS_BY_NAME[error.name] ?? 400
    // Cognito's messages name the field at fault, never its value (e.g. "Incorrect username or password.").
    const message = MESSAGES[error.name] ?? cleanMessage(error.message)
    return authError(status, error.name, message || (error.name === 'NotAuthorizedException' ? 'Incorrect username or password.' : message))
  }
  if ((error as H3Error)?.statusCode) return error as H3Error
  return authError(503, 'InternalError', 'Sign-in failed. Try again shortly.')
}

// Bounded and without control characters (it ends up in a JSON body and maybe a log line).
function cleanMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001F\u007F]/g, ' ').slice(0, 200)
}
