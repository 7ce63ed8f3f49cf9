// Real Amplify sign-ins in Node against the test stack, producing exactly the cookies a browser
// holds after `Amplify.configure(config, { ssr: true })` + `signIn(...)`.
//
// How (aws-amplify 6.22.1): category APIs take an AmplifyContext as optional first argument
// (resolveCtxArgs), and `createAmplifyContext(config, { Auth: { tokenProvider, credentialsProvider } })`
// builds an isolated context. The token provider from aws-amplify/adapter-core writes through a
// per-context TokenOrchestrator into the key-value storage we give it: an in-memory Map here,
// js-cookie in the browser. Same keys either way:
//   CognitoIdentityServiceProvider.<clientId>.LastAuthUser
//   CognitoIdentityServiceProvider.<clientId>.<username>.{accessToken,idToken,refreshToken,clockDrift,signInDetails}
//
// Sign-ins are still serialized: the sign-in flow keeps the username of the sign-in in progress
// in a module-global store (@aws-amplify/auth client/utils/store/signInStore.mjs,
// getActiveSignInUsername), so two concurrent sign-ins in one process can swap usernames.
import { createAmplifyContext, type AmplifyContext, type ResourcesConfig } from 'aws-amplify'
import { createAWSCredentialsAndIdentityIdProvider, createUserPoolsTokenProvider } from 'aws-amplify/adapter-core'
import { signIn } from 'aws-amplify/auth'
import { ConsoleLogger, type KeyValueStorageInterface, parseAmplifyConfig } from 'aws-amplify/utils'
import { amplifyOutputs, type StackData } from './stack-data'

export interface SignInCookiesOptions {
  username: string
  password: string
  /** App client; default the stack's `web` client (pass stack.shortClientId for 60 s tokens). */
  clientId?: string
}

/** What `new CookieStorage()` is to the browser, as a Map: raw (unencoded) names and values. */
export class MemoryKeyValueStorage implements KeyValueStorageInterface {
  readonly items: Map<string, string>
  constructor(initial: Record<string, string> = {}) {
    this.items = new Map(Object.entries(initial))
  }

  async setItem(key: string, value: string) { this.items.set(key, value) }
  async getItem(key: string) { return this.items.get(key) ?? null }
  async removeItem(key: string) { this.items.delete(key) }
  async clear() { this.items.clear() }
  toObject(): Record<string, string> { return Object.fromEntries(this.items) }
}

/** The Amplify ResourcesConfig for the stack: its amplify_outputs parsed by Amplify, plus the shim endpoint. */
export type StackAmplifyConfig = ResourcesConfig & { Auth: NonNullable<ResourcesConfig['Auth']> }
export function stackAmplifyConfig(stack: StackData, clientId = stack.clientId): StackAmplifyConfig {
  const parsed = parseAmplifyConfig(amplifyOutputs(stack, clientId))
  const cognito = parsed.Auth?.Cognito
  if (!cognito?.userPoolId || !cognito.userPoolClientId) throw new Error('amplify_outputs for the stack lack user pool ids')
  // (cast: Amplify's AuthConfig is a union of strict unions that spreading cannot narrow)
  return { ...parsed, Auth: { ...parsed.Auth, Cognito: { ...cognito, userPoolEndpoint: stack.endpoint } } } as StackAmplifyConfig
}

export interface MemoryContext {
  ctx: AmplifyContext
  storage: MemoryKeyValueStorage
  config: StackAmplifyConfig
}

/**
 * An isolated Amplify context whose tokens live in a Map, optionally pre-filled with cookies
 * (e.g. from signInCookies) to act as "the browser" in tests: fetchAuthSession(ctx, ...) etc.
 */
export function createMemoryContext(stack: StackData, options: { clientId?: string, cookies?: Record<string, string> } = {}): MemoryContext {
  const config = stackAmplifyConfig(stack, options.clientId)
  const storage = new MemoryKeyValueStorage(options.cookies)
  const ctx = withEndpointWarningOnce(() => createAmplifyContext(config, {
    Auth: {
      tokenProvider: createUserPoolsTokenProvider(config.Auth, storage),
      credentialsProvider: createAWSCredentialsAndIdentityIdProvider(config.Auth, storage),
    },
  }))
  return { ctx, storage, config }
}

// Amplify warns "You are using a custom Amazon Cognito User Pool endpoint…" for every context it
// creates with the emulator's endpoint: once per sign-in here, which made a quarter of the CI log.
// Once per test process (vitest forks one per test file) is enough: later contexts are created
// with Amplify's logger at ERROR. Creation is synchronous, so nothing else logs meanwhile.
let endpointWarningShown = false
function withEndpointWarningOnce<T>(create: () => T): T {
  const level = ConsoleLogger.LOG_LEVEL
  if (!endpointWarningShown) {
    endpointWarningShown = true
    return create()
  }
  ConsoleLogger.LOG_LEVEL = 'ERROR'
  try {
    return create()
  }
  finally {
    ConsoleLogger.LOG_LEVEL = level
  }
}

let queue: Promise<unknown> = Promise.resolve()
/** Runs sign-ins one at a time (see the header comment for why). */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task)
  queue = run.catch(() => undefined)
  return run
}

/**
 * Signs in with USER_PASSWORD_AUTH and returns the live context. (The shim answers SRP too,
 * shim-srp.ts; password sign-in stays here because it is one round trip and what existing tests count.)
 */
export async function signInSession(stack: StackData, options: SignInCookiesOptions): Promise<MemoryContext> {
  const session = createMemoryContext(stack, { clientId: options.clientId })
  await serialized(async () => {
    const result = await signIn(session.ctx, {
      username: options.username,
      password: options.password,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    })
    if (!result.isSignedIn) throw new Error(`Sign-in of ${options.username} stopped at ${result.nextStep.signInStep}`)
  })
  return session
}

/** The browser's auth cookies after a real sign-in: raw name -> raw value. */
export async function signInCookies(stack: StackData, options: SignInCookiesOptions): Promise<Record<string, string>> {
  return (await signInSession(stack, options)).storage.toObject()
}

// js-cookie 3 (node_modules/js-cookie, 3.0.8; used by Amplify's CookieStorage) encodes on write:
/** Cookie name as js-cookie writes it (e.g. '@' -> %40, '+'/'#'/'$'/'&'/'^'/'`'/'|' kept). */
export function encodeCookieName(name: string): string {
  return encodeURIComponent(name)
    .replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent)
    .replace(/[()]/g, escape)
}

/** Cookie value as js-cookie's default converter writes it. */
export function encodeCookieValue(value: string): string {
  return encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent)
}

/** A `Cookie` request header carrying the cookies exactly as the browser would send them. */
export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies).map(([name, value]) => `${encodeCookieName(name)}=${encodeCookieValue(value)}`).join('; ')
}
