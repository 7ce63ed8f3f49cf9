// The serializable description of a running test stack, shared between processes through a
// JSON file: global-setup.ts writes it, test workers / Nuxt fixture servers / the dev script
// read it. Deliberately dependency-free (no AWS SDK, no Amplify) so it is cheap to import
// anywhere. Shim counters and modes are reached over HTTP, because the shim lives in the
// process that started the stack.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ShimCounts, ShimSettings } from './cognito-shim'

export interface StackUser {
  username: string
  password: string
  email: string
  name: string
}

export interface StackData {
  /** Region written to amplify_outputs.json. Pool ids are `local_…`, so Amplify derives "local". */
  region: string
  userPoolId: string
  /** App client `web`: default token validity (access/id 24 h, refresh 7 d in cognito-local). */
  clientId: string
  /** App client `short`: access and id tokens valid 60 s. */
  shortClientId: string
  /** cognito-local itself (admin calls; not counted by the shim). */
  cognitoUrl: string
  /** The shim: set Amplify's Auth.Cognito.userPoolEndpoint to this. */
  endpoint: string
  /** JWKS through the shim (counted as `jwks`). */
  jwksUrl: string
  /** Expected `iss` claim of all tokens: `${issuerDomain}/${userPoolId}`. */
  issuer: string
  issuerDomain: string
  users: StackUser[]
  /** cognito-local's state dir: the shim reads passwords there for SRP (cognito-db.ts). */
  cognitoDir?: string
  /** cognito-local's log, where the codes it "sends" appear (read them with codes.ts). */
  cognitoLogFile?: string
  /** The managed-login stand-in (test/support/oauth-server.ts), started by global-setup.ts. */
  oauthUrl?: string
}

/** Default location of the stack file, independent of the cwd: <repo>/test/.stack.json. */
export const DEFAULT_STACK_FILE = fileURLToPath(new URL('../.stack.json', import.meta.url))
/** Environment variable naming the stack file (set by global-setup.ts). */
export const STACK_ENV = 'NUXT_AMPLIFY_TEST_STACK'

/** Plain data only: functions (counts, stop, …) of a live Stack are dropped. */
export function toStackData(stack: StackData): StackData {
  const { region, userPoolId, clientId, shortClientId, cognitoUrl, endpoint, jwksUrl, issuer, issuerDomain, users, cognitoDir, cognitoLogFile, oauthUrl } = stack
  return { region, userPoolId, clientId, shortClientId, cognitoUrl, endpoint, jwksUrl, issuer, issuerDomain, users: users.map(u => ({ ...u })), cognitoDir, cognitoLogFile, ...(oauthUrl && { oauthUrl }) }
}

export async function writeStackFile(stack: StackData, path = DEFAULT_STACK_FILE): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(toStackData(stack), null, 2)}\n`)
}

export function readStackFile(path = DEFAULT_STACK_FILE): StackData {
  return JSON.parse(readFileSync(path, 'utf8')) as StackData
}

/** The stack of this test run: the file named by NUXT_AMPLIFY_TEST_STACK, else test/.stack.json. */
export function loadStack(): StackData {
  const path = process.env[STACK_ENV] || DEFAULT_STACK_FILE
  if (!existsSync(path)) {
    throw new Error(`No test stack file at ${path}. Run tests through vitest (globalSetup test/support/global-setup.ts) or start a stack first.`)
  }
  return readStackFile(path)
}

/** Finds a stack user by username (throws when missing, to fail tests loudly). */
export function stackUser(stack: StackData, username: string): StackUser {
  const user = stack.users.find(u => u.username === username)
  if (!user) throw new Error(`No user ${username} in the test stack`)
  return user
}

/**
 * A Gen2 `amplify_outputs.json` for the stack, accepted by `parseAmplifyConfig`
 * (@aws-amplify/core parseAmplifyOutputs.mjs needs `version` starting with "1" and, for Auth,
 * user_pool_id + user_pool_client_id; the rest is optional). Outputs cannot carry
 * `userPoolEndpoint`: set `Auth.Cognito.userPoolEndpoint = stack.endpoint` after parsing.
 */
export function amplifyOutputs(stack: StackData, clientId = stack.clientId) {
  return {
    version: '1.3',
    auth: {
      aws_region: stack.region,
      user_pool_id: stack.userPoolId,
      user_pool_client_id: clientId,
      standard_required_attributes: ['email'],
      user_verification_types: ['email'],
      password_policy: { min_length: 8, require_lowercase: true, require_numbers: true, require_symbols: true, require_uppercase: true },
      mfa_configuration: 'NONE',
      unauthenticated_identities_enabled: false,
    },
  }
}

/** The managed-login domain in test configs; the server routes reach the stand-in through `oauthEndpoint` (stack.oauthUrl), Chromium through a route (test/support/oauth-browser.ts). */
export const TEST_OAUTH_DOMAIN = 'auth.nuxt-amplify.test'

/**
 * `Auth.Cognito.loginWith.oauth` for apps on `origins` (the Gen2 `auth.oauth` outputs, parsed): the
 * callback route of the auth routes and `<origin>/` to land on after sign-out, as an app client's
 * callback and sign-out URLs. Builds use a placeholder origin; servers started by tests override the
 * URLs with NUXT_PUBLIC_AMPLIFY_CONFIG_AUTH_COGNITO_LOGIN_WITH_OAUTH_* (oauthEnv in oauth-browser.ts).
 */
export function oauthLoginWith(origins: string[] = ['http://localhost:3000'], extraRedirects: string[] = []) {
  return {
    domain: TEST_OAUTH_DOMAIN,
    scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    redirectSignIn: [...extraRedirects, ...origins.map(origin => `${origin}/api/amplify/oauth/callback`)],
    redirectSignOut: origins.map(origin => `${origin}/`),
    responseType: 'code' as const,
    providers: ['Google' as const],
  }
}

/** The same as Gen2 `amplify_outputs.json` `auth.oauth` (what `ampx` writes for `externalProviders`). */
export function oauthOutputs(origins?: string[]) {
  const login = oauthLoginWith(origins)
  return {
    identity_providers: ['GOOGLE'],
    domain: login.domain,
    scopes: login.scopes,
    redirect_sign_in_uri: login.redirectSignIn,
    redirect_sign_out_uri: login.redirectSignOut,
    response_type: login.responseType,
  }
}

/** A ready Amplify ResourcesConfig (what parseAmplifyConfig yields, plus the shim endpoint). */
export function amplifyResourcesConfig(stack: StackData, clientId = stack.clientId) {
  return {
    Auth: {
      Cognito: { userPoolId: stack.userPoolId, userPoolClientId: clientId, userPoolEndpoint: stack.endpoint },
    },
  }
}

async function shimRequest<T>(stack: StackData, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.endpoint}/__shim/${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`shim ${method} /__shim/${path}: HTTP ${res.status} ${await res.text()}`)
  return await res.json() as T
}

/** Shim call counts, from any process. Prefer deltas: other test files share the shim. */
export const shimCounts = (stack: StackData) => shimRequest<ShimCounts>(stack, 'GET', 'counts')
export const resetShimCounts = (stack: StackData) => shimRequest<object>(stack, 'POST', 'reset')
export const shimSettings = (stack: StackData) => shimRequest<ShimSettings>(stack, 'GET', 'mode')
/** E.g. setShimMode(stack, { mode: 'hang' }); always restore { mode: 'normal' } in a finally. */
export const setShimMode = (stack: StackData, settings: Partial<ShimSettings>) => shimRequest<ShimSettings>(stack, 'POST', 'mode', settings)
