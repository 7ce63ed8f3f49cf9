// The whole local Cognito stack for tests: cognito-local + the shim in front of it, a fresh
// user pool with two app clients, and users created the admin way (AdminCreateUser +
// AdminSetUserPassword Permanent), so they can sign in at once with USER_PASSWORD_AUTH.
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient,
  CreateUserPoolClientCommand, CreateUserPoolCommand, type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider'
import { randomBytes } from 'node:crypto'
import { startCognitoLocal } from './cognito-local'
import { type CognitoShim, type ShimCounts, type ShimSettings, startCognitoShim } from './cognito-shim'
import { amplifyOutputs, type StackData, type StackUser, toStackData } from './stack-data'

export { readStackFile, writeStackFile, loadStack, amplifyOutputs, amplifyResourcesConfig } from './stack-data'
export type { StackData, StackUser } from './stack-data'

/** Meets the pool's password policy (cognito-local does not enforce it; Cognito would). */
export const DEFAULT_PASSWORD = 'Passw0rd!test'

export const DEFAULT_USERS: StackUser[] = [
  { username: 'alice', email: 'alice@example.com', name: 'Alice Liddell', password: DEFAULT_PASSWORD },
  // An e-mail address as the literal username: its cookie names contain '@' (encoded %40).
  { username: 'bob@example.com', email: 'bob@example.com', name: 'Bob Builder', password: DEFAULT_PASSWORD },
]

export interface StackOptions {
  /**
   * `iss` prefix. Default: the shim's URL, so that, as with Cognito, `${iss}/.well-known/jwks.json`
   * is the (counted) JWKS URL. AppSync simulator tests: 'https://cognito-idp.us-east-1.amazonaws.com'.
   */
  issuerDomain?: string
  users?: StackUser[]
  /** Access/id token lifetime of the `short` client, in seconds (keep >= 30: Amplify refreshes 5 s early). */
  shortTokenSeconds?: number
  region?: string
}

export interface Stack extends StackData {
  /** cognito-local's stdout/stderr; sign-up confirmation codes appear here (the playground prints them). */
  cognitoLogFile: string
  outputs(clientId?: string): ReturnType<typeof amplifyOutputs>
  counts(): ShimCounts
  resetCounts(): void
  setShimMode(settings: Partial<ShimSettings>): ShimSettings
  /** Creates `n` more users (added to `users`); see createUsers(). */
  createUsers(n: number, options?: CreateUsersOptions): Promise<StackUser[]>
  stop(): Promise<void>
}

export interface CreateUsersOptions { prefix?: string, password?: string, concurrency?: number }

/** Admin API client talking to cognito-local directly (admin calls are not counted by the shim). */
export function adminClient(stack: Pick<StackData, 'cognitoUrl'>): CognitoIdentityProviderClient {
  // The SDK warns once per process that it will need Node 22 from 2027; noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  return new CognitoIdentityProviderClient({
    endpoint: stack.cognitoUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
}

/** Creates a confirmed user with a permanent password. Works from any process holding StackData. */
export async function createUser(stack: Pick<StackData, 'cognitoUrl' | 'userPoolId'>, user: StackUser, extraAttributes: Record<string, string> = {}, client?: CognitoIdentityProviderClient): Promise<StackUser> {
  const admin = client ?? adminClient(stack)
  try {
    const attributes = { email: user.email, email_verified: 'true', name: user.name, ...extraAttributes }
    await admin.send(new AdminCreateUserCommand({
      UserPoolId: stack.userPoolId,
      Username: user.username,
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      MessageAction: 'SUPPRESS',
      TemporaryPassword: `${user.password}-tmp`,
    }))
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: stack.userPoolId, Username: user.username, Password: user.password, Permanent: true }))
    return { ...user }
  }
  finally {
    if (!client) admin.destroy()
  }
}

/**
 * Bulk users for load tests, created `concurrency` at a time (cognito-local rewrites its whole
 * pool JSON file on every change, so unbounded parallelism buys nothing). Usernames get a
 * random prefix so parallel test files never collide.
 */
export async function createUsers(stack: Pick<StackData, 'cognitoUrl' | 'userPoolId'>, n: number, options: CreateUsersOptions = {}): Promise<StackUser[]> {
  const prefix = options.prefix ?? `user-${randomBytes(3).toString('hex')}`
  const password = options.password ?? DEFAULT_PASSWORD
  const concurrency = options.concurrency ?? 8
  const specs = Array.from({ length: n }, (_, i) => ({ username: `${prefix}-${i + 1}`, email: `${prefix}-${i + 1}@example.com`, name: `Test User ${i + 1}`, password }))
  const admin = adminClient(stack)
  const created: StackUser[] = []
  try {
    for (let i = 0; i < specs.length; i += concurrency) {
      created.push(...await Promise.all(specs.slice(i, i + concurrency).map(spec => createUser(stack, spec, {}, admin))))
    }
  }
  finally {
    admin.destroy()
  }
  return created
}

/**
 * A shim of your own in front of the shared cognito-local. Shim modes (hang/error500/...) are
 * global to a shim, so tests that switch them must not use the run-wide one: other test
 * files run in parallel against it. Returns the stack data re-pointed at the private shim.
 */
export async function startPrivateShim(stack: StackData, settings?: Partial<ShimSettings>): Promise<{ stack: StackData, shim: CognitoShim }> {
  const shim = await startCognitoShim({ upstream: stack.cognitoUrl, dataDir: stack.cognitoDir, settings })
  const data = { ...toStackData(stack), endpoint: shim.url, jwksUrl: `${shim.url}/${stack.userPoolId}/.well-known/jwks.json` }
  return { stack: data, shim }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  // The shim starts first (without upstream) because its URL is the default issuer domain,
  // which cognito-local needs at start-up.
  const shim = await startCognitoShim()
  let cognito: Awaited<ReturnType<typeof startCognitoLocal>> | undefined
  const stopAll = async () => {
    await shim.stop()
    await cognito?.stop()
  }
  try {
    cognito = await startCognitoLocal({ issuerDomain: options.issuerDomain ?? shim.url })
    shim.setUpstream(cognito.url, cognito.dir)
    const admin = adminClient({ cognitoUrl: cognito.url })
    try {
      const { UserPool } = await admin.send(new CreateUserPoolCommand({
        PoolName: 'nuxt-amplify-test',
        AutoVerifiedAttributes: ['email'],
        // custom:bio up to 2048 chars lets tests build id tokens larger than a 4 KB cookie.
        Schema: [
          { Name: 'bio', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' } },
          { Name: 'tenant', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '256' } },
        ],
      }))
      const userPoolId = UserPool!.Id!
      const authFlows: ExplicitAuthFlowsType[] = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']
      const web = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: authFlows, GenerateSecret: false }))
      // cognito-local signs with `expiresIn: "<validity><unit>"` per client, so seconds work
      // (the real service would insist on >= 5 minutes).
      const seconds = options.shortTokenSeconds ?? 60
      const short = await admin.send(new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'short',
        ExplicitAuthFlows: authFlows,
        GenerateSecret: false,
        AccessTokenValidity: seconds,
        IdTokenValidity: seconds,
        TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds' },
      }))
      const pool = { cognitoUrl: cognito.url, userPoolId }
      const users: StackUser[] = []
      for (const user of options.users ?? DEFAULT_USERS) users.push(await createUser(pool, user, {}, admin))

      const issuerDomain = cognito.issuerDomain
      const data: StackData = {
        region: options.region ?? 'us-east-1',
        userPoolId,
        clientId: web.UserPoolClient!.ClientId!,
        shortClientId: short.UserPoolClient!.ClientId!,
        cognitoUrl: cognito.url,
        endpoint: shim.url,
        jwksUrl: `${shim.url}/${userPoolId}/.well-known/jwks.json`,
        issuer: `${issuerDomain}/${userPoolId}`,
        issuerDomain,
        users,
        cognitoDir: cognito.dir,
        cognitoLogFile: cognito.logFile,
      }
      const stack: Stack = {
        ...data,
        cognitoLogFile: cognito.logFile, // (required here, optional in StackData)
        outputs: (clientId?: string) => amplifyOutputs(stack, clientId),
        counts: () => shim.counts(),
        resetCounts: () => shim.resetCounts(),
        setShimMode: settings => shim.configure(settings),
        async createUsers(n, opts) {
          const created = await createUsers(pool, n, opts)
          stack.users.push(...created)
          return created
        },
        stop: stopAll,
      }
      return stack
    }
    finally {
      admin.destroy()
    }
  }
  catch (error) {
    await stopAll()
    throw error
  }
}

export { toStackData }
