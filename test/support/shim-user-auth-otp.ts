// The EMAIL_OTP and SMS_OTP first factors of USER_AUTH (shim-user-auth.ts): choosing one sends a code
// to the user's verified e-mail address or phone number and answers the challenge with where it went
// (CODE_DELIVERY_DELIVERY_MEDIUM, CODE_DELIVERY_DESTINATION, masked as Cognito masks them);
// RespondToAuthChallenge { ChallengeName: EMAIL_OTP | SMS_OTP, ChallengeResponses: { USERNAME,
// EMAIL_OTP_CODE | SMS_OTP_CODE } } signs the user in. The codes are the shim's one-time codes
// (otp-codes: single-use, bound to the user and the sign-in, 3 minutes, limited attempts, written to
// the emulator's log where tests read them). A wrong code is CodeMismatchException; after the last
// attempt the session is gone. An unknown user gets a normal-looking challenge and no code.
import type { DbUser } from './cognito-db'
import { mintTokens } from './shim-challenges'
import { errorReply } from './shim-handlers'
import { type FirstFactor, issueUserAuthChallenge, userAuthSessions } from './shim-user-auth'
import { checkOtpCode, sendOtpCode } from './shim-user-auth-codes'

/** Wrong codes allowed on one challenge before its session is dropped. */
export const MAX_CODE_ATTEMPTS = 3

const attribute = (user: DbUser | undefined, name: string) => user?.Attributes?.find(a => a.Name === name)?.Value

// Cognito shows where the code went without revealing it: "a***@e***" / "+*******1234".
const maskEmail = (email: string) => `${email[0] ?? ''}***@${email.split('@')[1]?.[0] ?? ''}***`
const maskPhone = (phone: string) => `+${'*'.repeat(Math.max(0, phone.length - 5))}${phone.slice(-4)}`

function otpFactor(challenge: 'EMAIL_OTP' | 'SMS_OTP'): FirstFactor {
  const [attr, verified, medium, mask, answerKey] = challenge === 'EMAIL_OTP'
    ? ['email', 'email_verified', 'EMAIL', maskEmail, 'EMAIL_OTP_CODE'] as const
    : ['phone_number', 'phone_number_verified', 'SMS', maskPhone, 'SMS_OTP_CODE'] as const
  return {
    challengeNames: [challenge],
    offers: (_ctx, user) => !user || (attribute(user, verified) === 'true' && Boolean(attribute(user, attr))),
    async start({ ctx, client, user, userId }) {
      const destination = attribute(user, attr) ?? `${userId}@example.com`
      const pending = { challengeName: challenge, username: userId, clientId: client.ClientId, poolId: client.UserPoolId, known: Boolean(user) }
      const reply = issueUserAuthChallenge(ctx, pending, {})
      const body = reply.body as { Session: string, ChallengeParameters: Record<string, string> }
      if (user) await sendOtpCode(ctx, { poolId: client.UserPoolId, username: user.Username, session: body.Session, medium, destination })
      body.ChallengeParameters = { ...body.ChallengeParameters, CODE_DELIVERY_DELIVERY_MEDIUM: medium, CODE_DELIVERY_DESTINATION: mask(destination) }
      return reply
    },
    async respond(ctx, pending, req) {
      const sessions = userAuthSessions(ctx)
      const code = req.ChallengeResponses?.[answerKey]
      if (typeof code !== 'string' || code === '') return errorReply('InvalidParameterException', `Missing required parameter ${answerKey}`)
      const right = pending.known && await checkOtpCode(ctx, { poolId: pending.poolId, username: pending.username, session: req.Session, code })
      if (!right) {
        if (++pending.failures >= MAX_CODE_ATTEMPTS) sessions.spend(req.Session)
        return errorReply('CodeMismatchException', 'Invalid code or auth state for the user.')
      }
      sessions.spend(req.Session)
      return await mintTokens(ctx, pending.clientId, pending.username)
    },
  }
}

export const emailOtpFactor = otpFactor('EMAIL_OTP')
export const smsOtpFactor = otpFactor('SMS_OTP')
