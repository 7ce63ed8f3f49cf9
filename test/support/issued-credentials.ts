import { randomBytes, randomUUID } from 'node:crypto'

// The temporary AWS credentials the identity-pool stand-in hands out, kept so that the S3 stand-in
// can tell who signed a request: like STS, every GetCredentialsForIdentity call issues a new key
// pair and session token that belong to exactly one identity (guest or authenticated). Both servers
// run in the process of global-setup-categories.ts and share one registry object.

export interface IssuedCredentials {
  /** `ASIA…`, 20 characters, like STS temporary keys. */
  accessKeyId: string
  secretAccessKey: string
  /**
   * `guest:<identityId>:<uuid>` or `auth:<identityId>:<uuid>`. Real session tokens are opaque; this
   * one tells the fixture's routes which kind of credentials Amplify holds. The S3 stand-in does not
   * trust it: it looks the key up here.
   */
  sessionToken: string
  identityId: string
  authenticated: boolean
  /** Epoch milliseconds. */
  expiresAt: number
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export class CredentialRegistry {
  private readonly byAccessKey = new Map<string, IssuedCredentials>()

  issue(identityId: string, authenticated: boolean, ttlSeconds: number): IssuedCredentials {
    const suffix = Array.from(randomBytes(16), byte => KEY_ALPHABET[byte % 32]).join('')
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIA${suffix}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `${authenticated ? 'auth' : 'guest'}:${identityId}:${randomUUID()}`,
      identityId,
      authenticated,
      expiresAt: Date.now() + ttlSeconds * 1000,
    }
    this.byAccessKey.set(credentials.accessKeyId, credentials)
    return credentials
  }

  find(accessKeyId: string): IssuedCredentials | undefined {
    return this.byAccessKey.get(accessKeyId)
  }
}
