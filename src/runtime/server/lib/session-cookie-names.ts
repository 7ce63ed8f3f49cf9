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
const MAX_NAMED_USERS = 2000

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
    if (client.users.size >= MAX_NAMED_USERS) client.users.clear() // a flood of usernames costs rebuilds, never memory
    const key = detached(username) // not a slice of this request's Cookie header, which it would keep alive
    const user = `${client.prefix}.${key}`
    names = { accessToken: `${user}.accessToken`, idToken: `${user}.idToken`, clockDrift: `${user}.clockDrift`, signInDetails: `${user}.signInDetails` }
    client.users.set(key, names)
  }
  return names
}
