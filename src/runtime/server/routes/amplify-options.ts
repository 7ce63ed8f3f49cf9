import { CognitoError } from '../cognito/cognito-client'
import { optionField } from './request-body'

// The `options` of Amplify's inputs (SignInOptions, SignUpOptions, ConfirmSignUpOptions, …) as the routes
// take them: every form Amplify's types allow is read, checked and handed to Cognito, or refused with
// a 400 that names the option (never dropped in silence).

/** The flows the routes carry out. Amplify's types also allow the custom flows; those are refused by name. */
export type RouteSignInFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'USER_AUTH'
const FLOWS = new Set<string>(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'USER_AUTH'])

/** SignInOptions as a sign-in (or the sign-in after a confirmed sign-up) uses them. */
export interface RouteSignInOptions {
  authFlowType: RouteSignInFlow
  clientMetadata?: Record<string, string>
}

// ClientMetadata rides in the sealed sign-in cookie with autoSignIn (~4 KB a cookie): bounded well below.
const MAX_CLIENT_METADATA_CHARS = 2048

function invalid(message: string): CognitoError {
  return new CognitoError('InvalidParameterException', message)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}

/** `authFlowType` (default SRP, Amplify's default). */
export function signInFlow(value: unknown): RouteSignInFlow {
  const flow = value ?? 'USER_SRP_AUTH'
  if (typeof flow !== 'string' || !FLOWS.has(flow)) throw invalid('`authFlowType` must be USER_SRP_AUTH, USER_PASSWORD_AUTH or USER_AUTH (the routes carry out no other flow).')
  return flow as RouteSignInFlow
}

/** A string map (`clientMetadata`), as Cognito takes it; `undefined` when not given. */
export function stringMap(value: unknown, name = 'clientMetadata'): Record<string, string> | undefined {
  if (value === undefined) return undefined
  if (!isObject(value) || !Object.values(value).every(item => typeof item === 'string')) throw invalid(`\`${name}\` must be an object of strings.`)
  if (JSON.stringify(value).length > MAX_CLIENT_METADATA_CHARS) throw invalid(`\`${name}\` exceeds ${MAX_CLIENT_METADATA_CHARS} characters.`)
  return { ...value as Record<string, string> }
}

/** `options.clientMetadata` of any route, as Cognito's `ClientMetadata` field (spread into the request). */
export function clientMetadataField(fields: Record<string, unknown>): { ClientMetadata?: Record<string, string> } {
  const metadata = stringMap(optionField(fields, 'clientMetadata'))
  return metadata ? { ClientMetadata: metadata } : {}
}

/** SignInOptions (`authFlowType`, `clientMetadata`) from an object. */
export function signInOptions(options: Record<string, unknown>): RouteSignInOptions {
  const clientMetadata = stringMap(options.clientMetadata)
  return { authFlowType: signInFlow(options.authFlowType), ...(clientMetadata && { clientMetadata }) }
}

/**
 * signUp's `autoSignIn`: `true` (or a form's `on`/`"true"`) signs in with Amplify's default flow, Amplify's
 * object form with the SignInOptions it names; `false`, absent: no sign-in. `undefined`: none asked for.
 */
export function autoSignInOptions(value: unknown): RouteSignInOptions | undefined {
  if (value === undefined || value === false || value === 'false' || value === '') return undefined
  if (value === true || value === 'true' || value === 'on') return { authFlowType: 'USER_SRP_AUTH' }
  if (isObject(value)) return signInOptions(value)
  throw invalid('`autoSignIn` must be a boolean or sign-in options.')
}

/** `forceAliasCreation` of confirmSignUp (a boolean, or a form's `on`/`"true"`). */
export function booleanOption(fields: Record<string, unknown>, name: string): boolean | undefined {
  const value = optionField(fields, name)
  if (value === undefined) return undefined
  if (value === true || value === 'true' || value === 'on') return true
  if (value === false || value === 'false') return false
  throw invalid(`\`${name}\` must be a boolean.`)
}

/** A bounded string option (`friendlyDeviceName`), `undefined` when not given. */
export function stringOption(fields: Record<string, unknown>, name: string, maxLength: number): string | undefined {
  const value = optionField(fields, name)
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.length > maxLength) throw invalid(`\`${name}\` must be a string of at most ${maxLength} characters.`)
  return value
}
