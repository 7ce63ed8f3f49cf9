import { AUTH_KEY_PREFIX } from 'aws-amplify/adapter-core'
import { detached } from '../tokens/detached-string'

// The names of the session cookies, built once per app client and user rather than once per request
// (a name built per request is a new string, hashed again by every lookup).
export interface UserCookieNames { accessToken: string, idToken: string, clockDrift: string, signInDetails: string }
export interface ClientCookieNames {
  /** `CognitoIdentityServiceProvider.<clientId>`, before every auth key of the app client */
  prefix: string
  lastAuthUser: string
  users: Map<string, UserCookieNames>
}
// On globalThis: Nuxt bundles this file twice (Nitro and the Vue SSR bundle); one copy per process.
const NAMES = Symbol.for('nuxt-amplify:cookie-names')
const namesByClient = ((globalThis as Record<symbol, unknown>)[NAMES] ??= new Map<string, ClientCookieNames>()) as Map<string, ClientCookieNames>
// The username comes from the LastAuthUser cookie, which anyone can fill: 1,998 names of 14.5 KB
// once kept 29.5 MB here (issue 12, B4). Cognito usernames are at most 128 characters, so only
// names up to that length are kept (longer ones are built per request and dropped with it), and at
// most 1,000 of them. Each keeps 5 strings of at most 200 characters (prefix, username, suffix),
// two bytes each when not Latin-1: 1,000 x 5 x 400 bytes = 2 MB, plus the map and objects around
// them: under 2.5 MB (docs/internals/memory-bounds.md).
const MAX_NAMED_USERS = 1000
const MAX_KEPT_USERNAME = 128

export function clientCookieNames(clientId: string): ClientCookieNames {
  let names = namesByClient.get(clientId)
  if (!names) {
    const prefix = `${AUTH_KEY_PREFIX}.${clientId}`
    names = { prefix, lastAuthUser: `${prefix}.LastAuthUser`, users: new Map() }
    namesByClient.set(clientId, names)
  }
  return names
}

export function userCookieNames(client: ClientCookieNames, username: string): UserCookieNames {
  let names = client.users.get(username)
  if (!names) {
    const keep = username.length <= MAX_KEPT_USERNAME
    const key = keep ? detached(username) : username // a kept key must not be a slice of this request's Cookie header, which it would keep alive
    const user = `${client.prefix}.${key}`
    names = { accessToken: `${user}.accessToken`, idToken: `${user}.idToken`, clockDrift: `${user}.clockDrift`, signInDetails: `${user}.signInDetails` }
    if (!keep) return names
    if (client.users.size >= MAX_NAMED_USERS) client.users.clear() // a flood of usernames costs rebuilds, never memory
    client.users.set(key, names)
  }
  return names
}
