import { AUTH_KEY_PREFIX } from 'aws-amplify/adapter-core'
import { detached } from './detached-string'

// The names of the session cookies, built once per app client and user rather than once per request
// (a name built per request is a new string, hashed again by every lookup).
export interface UserCookieNames { accessToken: string, idToken: string, clockDrift: string, signInDetails: string }
export interface ClientCookieNames {
  /** `CognitoIdentityServiceProvider.<clientId>`, before every auth key of the app client */
  prefix: string
  lastAuthUser: string
  users: Map<string, UserCookieNames>
}
const namesByClient = new Map<string, ClientCookieNames>()
// The username comes from the LastAuthUser cookie, which anyone can fill: 1,998 names of 14.5 KB
// once kept 29.5 MB here (issue 12, B4). Cognito usernames are at most 128 characters, so only
// names up to that length are kept (longer ones are built per request and dropped with it), and at
// most 2,000 of them: 2,000 x (128 + 64-character prefix) x 5 strings x 2 bytes is under 4 MB; with
// the map and objects around them, the documented bound is 4 MB.
const MAX_NAMED_USERS = 2000
const MAX_KEPT_USERNAME = 128
export const COOKIE_NAMES_BYTES = 4 * 1024 * 1024

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
