// How the managed-login stand-in gets real user-pool tokens: from the emulator itself. A federated
// user is what Cognito makes of it too, a pool user named `<provider>_<sub>`; the stand-in gives it a
// password only it knows and signs it in with USER_PASSWORD_AUTH through the shim, so every token it
// hands out is an emulator token (same keys, issuer and claims as any other sign-in) and refresh and
// revocation go through the emulator's own bookkeeping.
import { randomBytes } from 'node:crypto'
import {
  AdminCreateUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { adminClient } from './stack'
import type { StackData } from './stack-data'

/** The attributes a user gets: the sign-up form's email, or what the upstream provider says. */
interface Profile { email: string, name?: string }

export interface PoolTokens { accessToken: string, idToken: string, refreshToken?: string, expiresIn: number }

/** A refused token or login: the stand-in answers it as Cognito's OAuth endpoints do (invalid_grant / 400). */
export class RefusedByPool extends Error {}

export class PoolUsers {
  private readonly admin: CognitoIdentityProviderClient
  private readonly api: CognitoIdentityProviderClient
  // One password for every federated user of this run: never shown, never sent to a browser.
  private readonly federatedPassword = `Fed-${randomBytes(12).toString('base64url')}1!a`
  // cognito-local rewrites its whole pool file on every admin change, and concurrent changes can lose
  // one another (a password set, then overwritten by another user's creation): one change at a time.
  private adminQueue: Promise<unknown> = Promise.resolve()

  constructor(private readonly stack: StackData) {
    this.admin = adminClient(stack)
    this.api = new CognitoIdentityProviderClient({ endpoint: stack.endpoint, region: stack.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  }

  /** Password sign-in (the managed login page): the emulator checks the password. */
  async signIn(clientId: string, username: string, password: string): Promise<PoolTokens> {
    try {
      const { AuthenticationResult: r } = await this.api.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }))
      if (!r?.AccessToken || !r.IdToken) throw new RefusedByPool('the pool answered with a challenge')
      return { accessToken: r.AccessToken, idToken: r.IdToken, refreshToken: r.RefreshToken, expiresIn: r.ExpiresIn ?? 3600 }
    }
    catch (error) {
      throw error instanceof RefusedByPool ? error : new RefusedByPool((error as Error).name)
    }
  }

  /**
   * Creates (first time) or updates the pool user for a federated identity, then signs it in. The
   * provider's name lands in `name`, as the attribute mapping of a Gen2 backend (`fullname: 'name'`)
   * has Cognito do on every federated sign-in.
   */
  async signInFederated(clientId: string, provider: string, sub: string, email: string, name = ''): Promise<PoolTokens> {
    const username = `${provider.toLowerCase()}_${sub}`
    await this.ensureUser(username, { email, name })
    return await this.signIn(clientId, username, this.federatedPassword)
  }

  /** The managed login's sign-up page: a new confirmed user with the password given. */
  async signUp(clientId: string, username: string, email: string, password: string): Promise<PoolTokens> {
    await this.ensureUser(username, { email }, password, true)
    return await this.signIn(clientId, username, password)
  }

  async refresh(clientId: string, refreshToken: string): Promise<PoolTokens> {
    try {
      const { AuthenticationResult: r } = await this.api.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }))
      if (!r?.AccessToken || !r.IdToken) throw new RefusedByPool('no tokens')
      return { accessToken: r.AccessToken, idToken: r.IdToken, expiresIn: r.ExpiresIn ?? 3600 }
    }
    catch (error) {
      throw error instanceof RefusedByPool ? error : new RefusedByPool((error as Error).name)
    }
  }

  async revoke(clientId: string, refreshToken: string): Promise<void> {
    try {
      await this.api.send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }))
    }
    catch (error) {
      throw new RefusedByPool((error as Error).name)
    }
  }

  /** /oauth2/userInfo: the user's attributes, as Cognito returns them (flat, plus `username`). */
  async userInfo(accessToken: string): Promise<Record<string, string>> {
    try {
      const user = await this.api.send(new GetUserCommand({ AccessToken: accessToken }))
      const attributes = Object.fromEntries((user.UserAttributes ?? []).map(a => [a.Name!, a.Value ?? '']))
      return { ...attributes, username: user.Username ?? '' }
    }
    catch (error) {
      throw new RefusedByPool((error as Error).name)
    }
  }

  private ensureUser(username: string, profile: Profile, password = this.federatedPassword, mustBeNew = false): Promise<void> {
    const next = this.adminQueue.then(() => this.createOrUpdateUser(username, profile, password, mustBeNew))
    this.adminQueue = next.catch(() => {})
    return next
  }

  private async createOrUpdateUser(username: string, profile: Profile, password: string, mustBeNew: boolean): Promise<void> {
    const attributes = [{ Name: 'email', Value: profile.email }, { Name: 'email_verified', Value: 'true' }, ...profile.name ? [{ Name: 'name', Value: profile.name }] : []]
    try {
      await this.admin.send(new AdminCreateUserCommand({
        UserPoolId: this.stack.userPoolId,
        Username: username,
        UserAttributes: attributes,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: `${password}-tmp`,
      }))
    }
    catch (error) {
      if ((error as Error).name !== 'UsernameExistsException') throw new RefusedByPool((error as Error).name)
      if (mustBeNew) throw new RefusedByPool('User already exists')
      // A returning federated user: the provider's current profile replaces the mapped attributes.
      await this.admin.send(new AdminUpdateUserAttributesCommand({ UserPoolId: this.stack.userPoolId, Username: username, UserAttributes: attributes }))
    }
    await this.admin.send(new AdminSetUserPasswordCommand({ UserPoolId: this.stack.userPoolId, Username: username, Password: password, Permanent: true }))
  }

  destroy(): void {
    this.admin.destroy()
    this.api.destroy()
  }
}
