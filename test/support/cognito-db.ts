// Read-only view of cognito-local's state files, for what its API never reveals: a user's
// password (the shim needs it to compute the SRP verifier and to mint tokens after a challenge)
// and an app client's allowed auth flows.
//
// Layout (cognito-local 5.3.0, services/cognitoService.js + dataStore/stormDb.js), under the
// emulator's cwd: `.cognito/db/clients.json` = { Clients: { <clientId>: { UserPoolId,
// ExplicitAuthFlows, ... } } } and `.cognito/db/<poolId>.json` = { Options, Users: { <username>:
// { Username, Password, UserStatus, Enabled, Attributes, ... } } }. Passwords are kept in clear
// (the emulator compares them with ===). The emulator saves each file whole after every change;
// stormdb-ordered-writes.cjs (preloaded into it) makes those saves ordered and atomic, so a read
// here gets a complete state, never older than the last change the emulator has answered for.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface DbUser {
  Username: string
  Password?: string
  UserStatus?: string
  Enabled?: boolean
  Attributes?: Array<{ Name: string, Value: string }>
  UserMFASettingList?: string[]
  MFAOptions?: unknown[]
}
export interface DbClient { ClientId: string, UserPoolId: string, ExplicitAuthFlows?: string[] }
export interface DbPasswordPolicy {
  MinimumLength?: number
  RequireUppercase?: boolean
  RequireLowercase?: boolean
  RequireNumbers?: boolean
  RequireSymbols?: boolean
}

export class CognitoDb {
  constructor(private readonly dir: string) {}

  private async readJson(name: string): Promise<any> {
    const path = join(this.dir, '.cognito', 'db', `${name}.json`)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    return JSON.parse(text)
  }

  async client(clientId: unknown): Promise<DbClient | undefined> {
    if (typeof clientId !== 'string') return undefined
    const clients = await this.readJson('clients')
    return clients?.Clients?.[clientId]
  }

  /** The pool's settings as CreateUserPool/UpdateUserPool/SetUserPoolMfaConfig left them. */
  async poolOptions(poolId: string): Promise<{ MfaConfiguration?: string, Policies?: { PasswordPolicy?: DbPasswordPolicy }, LambdaConfig?: Record<string, string> } | undefined> {
    if (!/^[\w-]+$/.test(poolId)) return undefined
    return (await this.readJson(poolId))?.Options
  }

  /** The pool's password policy (cognito-local stores Cognito's default one when none was given). */
  async passwordPolicy(poolId: string): Promise<DbPasswordPolicy | undefined> {
    return (await this.poolOptions(poolId))?.Policies?.PasswordPolicy
  }

  /**
   * A user by username, else by `sub` (as cognito-local's getUserByUsername does for pools
   * without username attributes, the only kind the test stack creates).
   */
  async user(poolId: string, username: unknown): Promise<DbUser | undefined> {
    if (typeof username !== 'string' || !/^[\w-]+$/.test(poolId)) return undefined
    const users: Record<string, DbUser> = (await this.readJson(poolId))?.Users ?? {}
    return users[username] ?? Object.values(users).find(u => u.Attributes?.some(a => a.Name === 'sub' && a.Value === username))
  }
}
