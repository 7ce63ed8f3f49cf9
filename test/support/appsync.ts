import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AmplifyAppSyncSimulator } from '@aws-amplify/amplify-appsync-simulator'

// A local AppSync GraphQL endpoint for the Data/API category, on 127.0.0.1 only.
//
// What the simulator (2.16.x) checks on a request (lib/utils/auth-helpers/current-auth-mode.js):
// - `x-api-key` header present: must equal the configured key (else 401), mode = API_KEY.
// - else `Authorization` is jwt-decoded WITHOUT signature, expiry or audience checks; the token is
//   a user-pool token iff `iss` starts with `https://cognito-idp.` (else 401 "Invalid JWT token").
//   So cognito-local must issue tokens with `TokenConfig.IssuerDomain` =
//   `https://cognito-idp.<region>.amazonaws.com`. $ctx.identity gets `sub`, `iss`,
//   `username` (claim `username`, else `cognito:username`) and all claims; `@aws_cognito_user_pools(
//   cognito_groups: [...])` reads `cognito:groups`.
// - no header at all: 401 "Missing authorization".
// Because nothing is verified, the resolvers below check `iss` against the expected pool so a test
// can tell a token of the right pool from any other `https://cognito-idp.` token (signatures and
// expiry stay unchecked: an expired or self-signed token is accepted).

export const DEFAULT_ISSUER_DOMAIN = 'https://cognito-idp.us-east-1.amazonaws.com'
export const DEFAULT_API_KEY = 'da2-localtestkey0000000000'

// `Todo` has the shape a Gen2 `a.model()` gets from Amplify's transformer (connection type, filter
// and create inputs), because the typed Data client (`client.models.Todo.list/get/create`) builds its
// documents from `TODO_MODEL_INTROSPECTION` below and the simulator validates them against this schema.
const SCHEMA = /* GraphQL */ `
  type Todo @aws_api_key @aws_cognito_user_pools {
    id: ID!
    content: String
    owner: String
  }
  type ModelTodoConnection @aws_api_key @aws_cognito_user_pools {
    items: [Todo]!
    nextToken: String
  }
  input ModelTodoFilterInput { content: String }
  input CreateTodoInput { id: ID, content: String }
  type Caller @aws_cognito_user_pools {
    username: String
    sub: String
    issuer: String
    tokenUse: String
  }
  type Query {
    getTodo(id: ID!): Todo @aws_api_key @aws_cognito_user_pools
    listTodos(filter: ModelTodoFilterInput, limit: Int, nextToken: String): ModelTodoConnection @aws_api_key @aws_cognito_user_pools
    whoami: String @aws_cognito_user_pools
    caller: Caller @aws_cognito_user_pools
  }
  type Mutation {
    createTodo(input: CreateTodoInput!): Todo @aws_api_key @aws_cognito_user_pools
  }
`

/**
 * The `data.model_introspection` a Gen2 backend would ship for `Todo: a.model({ content, owner })`,
 * trimmed to what the Data client reads (fields, plural name, primary key).
 */
export const TODO_MODEL_INTROSPECTION = {
  version: 1,
  models: {
    Todo: {
      name: 'Todo',
      pluralName: 'Todos',
      syncable: true,
      fields: Object.fromEntries(([['id', 'ID', true], ['content', 'String', false], ['owner', 'String', false]] as const)
        .map(([name, type, isRequired]) => [name, { name, isArray: false, type, isRequired, attributes: [] }])),
      attributes: [{ type: 'model', properties: {} }],
      primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
    },
  },
  enums: {},
  nonModels: {},
}

// Every field goes to one in-process "Lambda" (the simulator calls `invoke(payload)` directly), which
// keeps the data in memory: less code than DynamoDB and no VTL data logic. The request template
// rejects user-pool tokens of another pool ($ctx.identity is null under API_KEY); the response
// template turns a thrown invoke error into a GraphQL error (the 2018-05-29 version hands it to
// the template as $ctx.error instead of failing the field).
const requestTemplate = (expectedIssuer: string) =>
  `#if($ctx.identity && $ctx.identity.issuer != "${expectedIssuer}")$util.unauthorized()#end\n`
  + `{"version":"2018-05-29","operation":"Invoke","payload":{`
  + `"field":"$ctx.info.fieldName","arguments":$util.toJson($ctx.args),"identity":$util.toJson($ctx.identity)}}`
const RESPONSE_TEMPLATE = '#if($ctx.error)$util.error($ctx.error.message, $ctx.error.type)#end\n$util.toJson($ctx.result)'

interface Identity { username?: string, sub?: string, issuer?: string, claims?: Record<string, unknown> }
interface Payload { field: string, arguments: Record<string, unknown>, identity: Identity | null }
export interface Todo { id: string, content: string, owner: string | null }

export interface AppSyncOptions {
  /** The user pool whose tokens the resolvers accept (`iss` must be `${issuerDomain}/${userPoolId}`). */
  userPoolId: string
  /** Must start with `https://cognito-idp.` (the simulator's only token test). */
  issuerDomain?: string
  apiKey?: string
  /** Region reported in `dataOutputs`; AppSync signs nothing here, it is only config. */
  region?: string
}

export interface AppSyncServer {
  /** GraphQL endpoint, `http://127.0.0.1:<port>/graphql` (realtime: same port, `/graphql/realtime`). */
  url: string
  apiKey: string
  region: string
  /** The in-memory todos (tests may inspect or clear them). */
  todos: Todo[]
  stop: () => Promise<void>
}

export async function startAppSync(options: AppSyncOptions): Promise<AppSyncServer> {
  const issuerDomain = (options.issuerDomain ?? DEFAULT_ISSUER_DOMAIN).replace(/\/$/, '')
  if (!issuerDomain.startsWith('https://cognito-idp.'))
    throw new Error(`issuerDomain must start with https://cognito-idp. (got ${issuerDomain})`)
  const expectedIssuer = `${issuerDomain}/${options.userPoolId}`
  const apiKey = options.apiKey ?? DEFAULT_API_KEY
  const region = options.region ?? 'us-east-1'
  const todos: Todo[] = []
  let nextId = 1

  const invoke = async ({ field, arguments: args, identity }: Payload) => {
    switch (field) {
      case 'listTodos': return { items: todos, nextToken: null }
      case 'getTodo': return todos.find(todo => todo.id === args.id) ?? null
      case 'createTodo': {
        const input = (args.input ?? {}) as { id?: string, content?: string }
        const todo = { id: input.id ?? String(nextId++), content: String(input.content), owner: identity?.username ?? null }
        todos.push(todo)
        return todo
      }
      case 'whoami': return identity?.username ?? null
      case 'caller': return {
        username: identity?.username ?? null,
        sub: identity?.sub ?? null,
        issuer: identity?.issuer ?? null,
        tokenUse: (identity?.claims?.token_use as string | undefined) ?? null,
      }
      default: throw new Error(`no resolver for ${field}`)
    }
  }

  const resolver = (typeName: string, fieldName: string) => ({
    kind: 'UNIT', typeName, fieldName, dataSourceName: 'mem',
    requestMappingTemplate: requestTemplate(expectedIssuer), responseMappingTemplate: RESPONSE_TEMPLATE,
  })

  const simulator = new AmplifyAppSyncSimulator({ port: 0, wsPort: 0 })
  simulator.init({
    schema: { content: SCHEMA },
    dataSources: [{ name: 'mem', type: 'AWS_LAMBDA', invoke }],
    resolvers: [
      resolver('Query', 'listTodos'), resolver('Query', 'getTodo'), resolver('Query', 'whoami'), resolver('Query', 'caller'),
      resolver('Mutation', 'createTodo'),
    ] as never,
    appSync: {
      name: 'nuxt-amplify-test',
      // Like a Gen2 backend with `defaultAuthorizationMode: 'userPool'` plus an API key.
      defaultAuthenticationType: { authenticationType: 'AMAZON_COGNITO_USER_POOLS', cognitoUserPoolConfig: {} },
      additionalAuthenticationProviders: [{ authenticationType: 'API_KEY' }],
      apiKey,
    } as never,
  })

  // The simulator's own start() probes ports on every interface (get-port) and listens on all of
  // them; we only want loopback, so we run its two start steps ourselves on the same http server.
  const internal = (simulator as unknown as { _server: { _httpServer: Server, _realTimeSubscriptionServer: { start: () => void, stop: () => Promise<void> } } })._server
  const http = internal._httpServer
  internal._realTimeSubscriptionServer.start()
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = http.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    apiKey,
    region,
    todos,
    async stop() {
      await internal._realTimeSubscriptionServer.stop()
      http.closeAllConnections()
      await new Promise<void>(resolve => http.close(() => resolve()))
    },
  }
}

/**
 * The `data` section of a Gen2 amplify_outputs.json for this server. `parseAmplifyConfig` maps it to
 * `API.GraphQL = { endpoint: url, region: aws_region, defaultAuthMode: 'userPool', apiKey: api_key }`
 * (it ignores `authorization_types`; an API-key call passes `authMode: 'apiKey'` per request).
 */
export function dataOutputs(server: Pick<AppSyncServer, 'url' | 'apiKey' | 'region'>) {
  return {
    url: server.url,
    aws_region: server.region,
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['API_KEY'],
    api_key: server.apiKey,
    model_introspection: TODO_MODEL_INTROSPECTION,
  }
}
