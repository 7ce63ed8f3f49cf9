import type { AmplifyContext, ResourcesConfig } from 'aws-amplify'
import { generateClientWithAmplifyInstance } from 'aws-amplify/api/internals'
import type { CommonPublicClientOptions, V6ClientSSRCookies } from 'aws-amplify/api/internals'

/** What `ClientSchema<typeof schema>` of a Gen2 `amplify/data/resource.ts` is: an object type. */
export type DataSchema = Record<string, unknown>

/**
 * A Gen2 Data client whose calls already carry one Amplify context: `client.models.Todo.list()`,
 * `client.graphql({ query })`, with no context argument. Same type as the Next.js adapter's
 * `generateServerClientUsingCookies` client (no subscriptions: a server request has no socket).
 */
export type AmplifyDataClient<Schema extends DataSchema = never> = V6ClientSSRCookies<Schema>
/** Per-client defaults, as for `generateClient()`: `authMode` (`'apiKey'`, `'iam'`, …), `authToken`, `headers`. */
export type AmplifyDataClientOptions = CommonPublicClientOptions

// One default client per context: the context lives for one request, so does its client. A WeakMap
// keeps the cache off `event.context` and lets both die with the request.
const defaultClients = new WeakMap<AmplifyContext, unknown>()

/**
 * The Data client bound to `context`. Amplify's public `aws-amplify/data/server` client wants the
 * context as first argument of every call (`client.models.Todo.list(ctx)`); the context-bound form
 * below is the one the official Next.js adapter builds (`generateClientWithAmplifyInstance`), given
 * the per-request context instead of a callback. `config` (the resolved app config) supplies the
 * models: older aws-amplify context specs carry no `resourcesConfig`.
 */
export function createDataClient<Schema extends DataSchema = never>(context: AmplifyContext, config: ResourcesConfig, options?: AmplifyDataClientOptions): AmplifyDataClient<Schema> {
  const cacheable = !options || Object.keys(options).length === 0
  const cached = cacheable ? defaultClients.get(context) : undefined
  if (cached) return cached as AmplifyDataClient<Schema>
  const client = generateClientWithAmplifyInstance<Schema, AmplifyDataClient<Schema>>({ amplify: context, config, ...options })
  if (cacheable) defaultClients.set(context, client)
  return client
}
