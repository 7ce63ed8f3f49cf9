// SMS and e-mail MFA through the shim, as Cognito does them. cognito-local 5.3.0 sends SMS_MFA
// only to users with legacy MFAOptions (none of its APIs sets them) and has no EMAIL_OTP at all,
// so for a pool whose MFA was configured THROUGH THE SHIM (SetUserPoolMfaConfig, which records
// SmsMfaConfiguration / EmailMfaConfiguration / SoftwareTokenMfaConfiguration; cognito-local keeps
// only the first and the last), the shim decides the MFA step of every sign-in once the password
// is proven (shim-challenges.ts passwordSignIn):
// - the user's factors: SMS_MFA and SOFTWARE_TOKEN_MFA as cognito-local stores them
//   (UserMFASettingList), EMAIL_OTP as the shim stores it (SetUserMFAPreference EmailMfaSettings,
//   answered here after the access token is verified); each counts only while the pool allows it
//   and the user has the phone number / address it is sent to;
// - MfaConfiguration OFF, or OPTIONAL with no factor: tokens. A preferred factor (PreferredMfa),
//   or the only one: its challenge. Several and none preferred: SELECT_MFA_TYPE, MFAS_CAN_CHOOSE;
// - ON with no factor: SMS_MFA when the pool sends SMS and the user has a phone number, else
//   EMAIL_OTP when it sends e-mail and the user has an address, else MFA_SETUP with the set-ups
//   the pool allows (SOFTWARE_TOKEN_MFA, EMAIL_OTP; SMS_MFA is listed, Amplify ignores it);
// - SMS_MFA / EMAIL_OTP: a code from shim-codes.ts to phone_number / email, the destination
//   masked in CODE_DELIVERY_DESTINATION; answered with SMS_MFA_CODE / EMAIL_OTP_CODE;
// - MFA_SETUP answered with an EMAIL address (Amplify's e-mail set-up): an EMAIL_OTP code to that
//   address; the right code sets the address on the user and turns e-mail MFA on.
// Pools not configured through the shim keep the emulator's own MFA (shim-mfa.ts for TOTP).
import type { DbUser } from './cognito-db'
import { maskDestination } from './shim-codes'
import { mintTokens, type PendingChallenge, type SignInContext } from './shim-challenges'
import { errorReply, type Reply } from './shim-handlers'
import { mfaPolicy, type MfaFactor, recordPoolMfa } from './shim-mfa-state'

const CODE_FACTORS = { SMS_MFA: { medium: 'SMS', attribute: 'phone_number', answer: 'SMS_MFA_CODE' }, EMAIL_OTP: { medium: 'EMAIL', attribute: 'email', answer: 'EMAIL_OTP_CODE' } } as const
const invalidSession = () => errorReply('NotAuthorizedException', 'Invalid session for the user.')
const attribute = (user: DbUser, name: string) => user.Attributes?.find(a => a.Name === name)?.Value

/** The MFA step for a user whose password is right, or undefined when the emulator decides (pool not configured through the shim). */
export async function mfaSignInStep(ctx: SignInContext, clientId: string, poolId: string, user: DbUser): Promise<Reply | undefined> {
  const options = await ctx.db!.poolOptions(poolId)
  const policy = mfaPolicy(ctx, poolId, user)
  if (!policy) return undefined
  const mode = options?.MfaConfiguration ?? 'OFF'
  const { enabled, preferred, pool } = policy
  if (mode === 'OFF' || (mode === 'OPTIONAL' && enabled.length === 0)) return await mintTokens(ctx, clientId, user.Username)
  if (preferred && enabled.includes(preferred)) return await challenge(ctx, { clientId, poolId, username: user.Username }, preferred, user)
  if (enabled.length === 1) return await challenge(ctx, { clientId, poolId, username: user.Username }, enabled[0]!, user)
  if (enabled.length > 1) return issue(ctx, { clientId, poolId, username: user.Username }, 'SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: JSON.stringify(enabled) }, { mfaChoices: enabled })
  if (pool.sms && attribute(user, 'phone_number')) return await challenge(ctx, { clientId, poolId, username: user.Username }, 'SMS_MFA', user)
  if (pool.email && attribute(user, 'email')) return await challenge(ctx, { clientId, poolId, username: user.Username }, 'EMAIL_OTP', user)
  const setups: MfaFactor[] = [...(pool.totp ? ['SOFTWARE_TOKEN_MFA' as const] : []), ...(pool.sms ? ['SMS_MFA' as const] : []), ...(pool.email ? ['EMAIL_OTP' as const] : [])]
  return issue(ctx, { clientId, poolId, username: user.Username }, 'MFA_SETUP', { MFAS_CAN_SETUP: JSON.stringify(setups) }, { mfaChoices: setups })
}

interface Who { clientId: string, poolId: string, username: string }

/** A shim-owned challenge: its own single-use Session, shaped as wrapChallenge shapes cognito-local's. */
function issue(ctx: SignInContext, who: Who, challengeName: string, parameters: Record<string, string>, extra: Partial<PendingChallenge> = {}): Reply {
  const Session = ctx.challenges.issue({ challengeName, username: who.username, clientId: who.clientId, upstreamSession: 'shim', failures: 0, poolId: who.poolId, shimMfa: challengeName !== 'SOFTWARE_TOKEN_MFA' && challengeName !== 'MFA_SETUP', ...extra })
  return { status: 200, body: { ChallengeName: challengeName, Session, ChallengeParameters: { USERNAME: who.username, USER_ID_FOR_SRP: who.username, ...parameters } } }
}

/** Issues one factor's challenge; SMS_MFA / EMAIL_OTP send a code to `destination` (default: the user's attribute). */
async function challenge(ctx: SignInContext, who: Who, factor: MfaFactor, user: DbUser | undefined, destination?: string, extra: Partial<PendingChallenge> = {}): Promise<Reply> {
  if (factor === 'SOFTWARE_TOKEN_MFA') return issue(ctx, who, factor, {}) // answered by cognito-local's own TOTP check (shim-challenges.ts)
  const { medium, attribute: name } = CODE_FACTORS[factor]
  const to = destination ?? (user && attribute(user, name))
  if (!to) return errorReply('InvalidParameterException', `User has no ${name} to send the ${factor} code to.`)
  const { ticket } = ctx.codes.issue({ poolId: who.poolId, username: who.username, purpose: factor, medium, destination: to })
  return issue(ctx, who, factor, { CODE_DELIVERY_DELIVERY_MEDIUM: medium, CODE_DELIVERY_DESTINATION: maskDestination(medium, to) }, { codeTicket: ticket, ...extra })
}

/** RespondToAuthChallenge for the shim's SELECT_MFA_TYPE, SMS_MFA and EMAIL_OTP (pending.shimMfa). */
export async function respondShimMfa(ctx: SignInContext, pending: PendingChallenge, req: any): Promise<Reply> {
  const who = { clientId: pending.clientId, poolId: pending.poolId!, username: pending.username }
  const responses = req.ChallengeResponses ?? {}
  if (pending.challengeName === 'SELECT_MFA_TYPE') {
    if (!pending.mfaChoices?.includes(responses.ANSWER)) return errorReply('InvalidParameterException', 'ANSWER must be one of MFAS_CAN_CHOOSE.')
    ctx.challenges.spend(req.Session)
    const user = await ctx.db!.user(who.poolId, who.username)
    return await challenge(ctx, who, responses.ANSWER, user)
  }
  const factor = pending.challengeName as keyof typeof CODE_FACTORS
  const verdict = ctx.codes.check(pending.codeTicket, { poolId: who.poolId, username: who.username, purpose: factor }, responses[CODE_FACTORS[factor].answer])
  if (verdict === 'mismatch') return errorReply('CodeMismatchException', 'Invalid code or auth state for the user.')
  ctx.challenges.spend(req.Session)
  if (verdict === 'expired') return errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
  if (verdict === 'unknown') return invalidSession()
  if (pending.setupEmail) {
    const saved = await ctx.call('AdminUpdateUserAttributes', { UserPoolId: who.poolId, Username: who.username, UserAttributes: [{ Name: 'email', Value: pending.setupEmail }, { Name: 'email_verified', Value: 'true' }] })
    if (saved.status >= 300) return saved
    ctx.mfa.setUser(who.poolId, who.username, { email: true })
  }
  return await mintTokens(ctx, who.clientId, who.username)
}

/** RespondToAuthChallenge MFA_SETUP with ChallengeResponses.EMAIL: a code to that address (EMAIL_OTP), answered as above. */
export async function respondEmailSetup(ctx: SignInContext, pending: PendingChallenge, req: any): Promise<Reply> {
  if (!pending.mfaChoices?.includes('EMAIL_OTP')) return errorReply('InvalidParameterException', 'Email MFA cannot be set up for this user.')
  const address = req.ChallengeResponses?.EMAIL
  if (typeof address !== 'string' || !/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(address)) return errorReply('InvalidParameterException', 'Invalid email address format.')
  ctx.challenges.spend(req.Session)
  return await challenge(ctx, { clientId: pending.clientId, poolId: pending.poolId!, username: pending.username }, 'EMAIL_OTP', undefined, address, { setupEmail: address })
}

/** SetUserPoolMfaConfig: recorded for the shim's MFA decisions, passed on for what cognito-local keeps. */
export async function setUserPoolMfaConfig(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db || typeof req?.UserPoolId !== 'string' || !(await ctx.db.poolOptions(req.UserPoolId))) return errorReply('ResourceNotFoundException', 'User pool does not exist.')
  const pool = { sms: !!req.SmsMfaConfiguration, email: !!req.EmailMfaConfiguration, totp: req.SoftwareTokenMfaConfiguration?.Enabled === true }
  if (req.MfaConfiguration && req.MfaConfiguration !== 'OFF' && !pool.sms && !pool.email && !pool.totp) {
    return errorReply('InvalidParameterException', 'At least one MFA method must be enabled when MFA is ON or OPTIONAL.')
  }
  const res = await ctx.call('SetUserPoolMfaConfig', { UserPoolId: req.UserPoolId, MfaConfiguration: req.MfaConfiguration, SmsMfaConfiguration: req.SmsMfaConfiguration, SoftwareTokenMfaConfiguration: req.SoftwareTokenMfaConfiguration })
  if (res.status >= 300) return res
  recordPoolMfa(ctx, req.UserPoolId, pool)
  return { status: 200, body: { ...res.body, ...(req.EmailMfaConfiguration && { EmailMfaConfiguration: req.EmailMfaConfiguration }) } }
}

export { setUserMfaPreference } from './shim-mfa-state'
