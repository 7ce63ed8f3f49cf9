// What the shim remembers for SMS and e-mail MFA (shim-mfa-codes.ts), because cognito-local
// cannot store it: which MFA factors each pool allows (SetUserPoolMfaConfig through the shim) and,
// per user, whether e-mail MFA is on and which factor is preferred (SetUserMFAPreference through
// the shim). SMS_MFA and SOFTWARE_TOKEN_MFA being on is cognito-local's own UserMFASettingList,
// which the shim keeps up to date by passing those settings on. Both tables are bounded
// (MAX_ENTRIES each, oldest dropped; keys are a pool id and a stored username, so an entry is a
// few hundred bytes at most).
import type { DbUser } from './cognito-db'
import type { SignInContext } from './shim-challenges'
import { errorReply, type Reply, type VerifyAccessToken } from './shim-handlers'

export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP'
export interface PoolMfa { sms: boolean, email: boolean, totp: boolean }
export interface UserMfa { email?: boolean, preferred?: MfaFactor }
/** The fields a shim-owned MFA challenge keeps in its PendingChallenge (shim-challenges.ts). */
export interface MfaPendingFields {
  poolId?: string
  /** SELECT_MFA_TYPE, SMS_MFA and EMAIL_OTP issued by the shim: answered by respondShimMfa. */
  shimMfa?: boolean
  /** The code's issue in ctx.codes (shim-codes.ts). */
  codeTicket?: string
  /** SELECT_MFA_TYPE: MFAS_CAN_CHOOSE; MFA_SETUP: MFAS_CAN_SETUP. */
  mfaChoices?: MfaFactor[]
  /** E-mail MFA set-up: the address the code went to, set on the user once it is answered. */
  setupEmail?: string
}

export const MAX_ENTRIES = 10_000
/** The order Cognito lists factors in MFAS_CAN_CHOOSE. */
const ORDER: MfaFactor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']

export class ShimMfaState {
  private readonly pools = new Map<string, PoolMfa>()
  private readonly users = new Map<string, UserMfa>()

  pool(poolId: string): PoolMfa | undefined {
    return this.pools.get(poolId)
  }

  setPool(poolId: string, pool: PoolMfa): void {
    bounded(this.pools, poolId, pool)
  }

  user(poolId: string, username: string): UserMfa {
    return this.users.get(`${poolId}|${username}`) ?? {}
  }

  setUser(poolId: string, username: string, patch: UserMfa): void {
    bounded(this.users, `${poolId}|${username}`, { ...this.user(poolId, username), ...patch })
  }
}

function bounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key)
  map.set(key, value)
  while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!)
}

export function recordPoolMfa(ctx: SignInContext, poolId: string, pool: PoolMfa): void {
  ctx.mfa.setPool(poolId, pool)
}

const has = (user: DbUser, name: string) => !!user.Attributes?.some(a => a.Name === name && a.Value)

/** The pool's factors, the user's usable ones in Cognito's order, and the preferred one; undefined for pools not configured through the shim. */
export function mfaPolicy(ctx: SignInContext, poolId: string, user: DbUser): { pool: PoolMfa, enabled: MfaFactor[], preferred?: MfaFactor } | undefined {
  const pool = ctx.mfa.pool(poolId)
  if (!pool) return undefined
  const state = ctx.mfa.user(poolId, user.Username)
  const list = user.UserMFASettingList ?? []
  const usable: Record<MfaFactor, boolean> = {
    SMS_MFA: pool.sms && list.includes('SMS_MFA') && has(user, 'phone_number'),
    SOFTWARE_TOKEN_MFA: pool.totp && list.includes('SOFTWARE_TOKEN_MFA'),
    EMAIL_OTP: pool.email && !!state.email && has(user, 'email'),
  }
  return { pool, enabled: ORDER.filter(factor => usable[factor]), preferred: state.preferred }
}

const SETTINGS: Array<[MfaFactor, 'SMSMfaSettings' | 'SoftwareTokenMfaSettings' | 'EmailMfaSettings']> = [
  ['SMS_MFA', 'SMSMfaSettings'], ['SOFTWARE_TOKEN_MFA', 'SoftwareTokenMfaSettings'], ['EMAIL_OTP', 'EmailMfaSettings'],
]

/**
 * SetUserMFAPreference with a verified access token. In pools configured through the shim, the
 * preferred factor and e-mail MFA are kept here; SMS and TOTP on/off go on to cognito-local (which
 * checks that TOTP was verified). Elsewhere the call goes to cognito-local as it is.
 */
export async function setUserMfaPreference(ctx: SignInContext, verify: VerifyAccessToken, req: any): Promise<Reply> {
  const claims = await verify(req?.AccessToken)
  if (!claims) return errorReply('NotAuthorizedException', 'Invalid Access Token')
  const poolId = String(claims.iss).split('/').pop()!
  const pool = ctx.mfa.pool(poolId)
  if (!pool && !req.EmailMfaSettings) return await ctx.call('SetUserMFAPreference', req)
  const user = await ctx.db?.user(poolId, claims.sub)
  if (!user) return errorReply('NotAuthorizedException', 'Invalid Access Token')
  if (req.EmailMfaSettings?.Enabled && !(pool?.email && has(user, 'email'))) {
    return errorReply('InvalidParameterException', pool?.email ? 'User does not have an email address.' : 'Email MFA is not enabled for this user pool.')
  }
  const state = ctx.mfa.user(poolId, user.Username)
  const list = user.UserMFASettingList ?? []
  const on: Record<MfaFactor, boolean> = { SMS_MFA: list.includes('SMS_MFA'), SOFTWARE_TOKEN_MFA: list.includes('SOFTWARE_TOKEN_MFA'), EMAIL_OTP: !!state.email }
  let preferred = state.preferred
  for (const [factor, key] of SETTINGS) {
    const settings = req[key]
    if (!settings) continue
    if (typeof settings.Enabled === 'boolean') on[factor] = settings.Enabled
    if (settings.PreferredMfa === true) preferred = factor
    else if (preferred === factor && (settings.PreferredMfa === false || settings.Enabled === false)) preferred = undefined
  }
  if (preferred && !on[preferred]) return errorReply('InvalidParameterException', `Cannot set ${preferred} as preferred: it is not enabled.`)
  const upstream = { AccessToken: req.AccessToken, SMSMfaSettings: onOff(req.SMSMfaSettings), SoftwareTokenMfaSettings: onOff(req.SoftwareTokenMfaSettings) }
  if (upstream.SMSMfaSettings || upstream.SoftwareTokenMfaSettings) {
    const res = await ctx.call('SetUserMFAPreference', upstream)
    if (res.status >= 300) return res
  }
  ctx.mfa.setUser(poolId, user.Username, { email: on.EMAIL_OTP, preferred })
  return { status: 200, body: {} }
}

const onOff = (settings: any) => typeof settings?.Enabled === 'boolean' ? { Enabled: settings.Enabled } : undefined
