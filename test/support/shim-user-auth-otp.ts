// The EMAIL_OTP and SMS_OTP first factors of USER_AUTH (shim-user-auth.ts): choosing one sends a code
// to the user's verified e-mail address or phone number and answers the challenge with where it went
// (CODE_DELIVERY_DELIVERY_MEDIUM, CODE_DELIVERY_DESTINATION, masked as Cognito masks them);
// RespondToAuthChallenge { ChallengeName: EMAIL_OTP | SMS_OTP, ChallengeResponses: { USERNAME,
// EMAIL_OTP_CODE | SMS_OTP_CODE } } signs the user in. The codes are the shim's one-time codes
// (shim-codes.ts: single-use, bound to the user and the sign-in, 3 minutes, limited attempts, written to
// shim-codes.log where tests read them). A wrong code is CodeMismatchException; after the last
// attempt the code and the session are gone. An unknown user gets a normal-looking challenge and no code.
import type { DbUser } from './cognito-db'
import { mintTokens } from './shim-challenges'
import { errorReply } from './shim-handlers'
import { type FirstFactor, issueUserAuthChallenge, userAuthSessions } from './shim-user-auth'
import { maskDestination } from './shim-codes'

const attribute = (user: DbUser | undefined, name: string) => user?.Attributes?.find(a => a.Name === name)?.Value

function otpFactor(challenge: 'EMAIL_OTP' | 'SMS_OTP'): FirstFactor {
  const [attr, verified, medium, answerKey] = challenge === 'EMAIL_OTP'
    ? ['email', 'email_verified', 'EMAIL', 'EMAIL_OTP_CODE'] as const
    : ['phone_number', 'phone_number_verified', 'SMS', 'SMS_OTP_CODE'] as const
  return {
    challengeNames: [challenge],
    offers: (_ctx, user) => !user || (attribute(user, verified) === 'true' && Boolean(attribute(user, attr))),
    async start({ ctx, client, user, userId }) {
      const destination = attribute(user, attr) ?? `${userId}@example.com`
      // The code's ticket stays with the challenge session: the code answers this session only.
      const ticket = user ? ctx.codes.issue({ poolId: client.UserPoolId, username: user.Username, purpose: challenge, medium, destination }).ticket : undefined
      const pending = { challengeName: challenge, username: userId, clientId: client.ClientId, poolId: client.UserPoolId, known: Boolean(user), ticket }
      const reply = issueUserAuthChallenge(ctx, pending, {})
      const body = reply.body as { ChallengeParameters: Record<string, string> }
      body.ChallengeParameters = { ...body.ChallengeParameters, CODE_DELIVERY_DELIVERY_MEDIUM: medium, CODE_DELIVERY_DESTINATION: maskDestination(medium, destination) }
      return reply
    },
    async respond(ctx, pending, req) {
      const sessions = userAuthSessions(ctx)
      const code = req.ChallengeResponses?.[answerKey]
      if (typeof code !== 'string' || code === '') return errorReply('InvalidParameterException', `Missing required parameter ${answerKey}`)
      const check = ctx.codes.check(pending.ticket, { poolId: pending.poolId, username: pending.username, purpose: challenge }, code)
      if (check === 'expired') {
        sessions.spend(req.Session)
        return errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
      }
      if (check !== 'ok') {
        // The store drops the code after its last wrong answer ('unknown' from then on): so does the session.
        if (check === 'unknown') sessions.spend(req.Session)
        return errorReply('CodeMismatchException', 'Invalid code or auth state for the user.')
      }
      sessions.spend(req.Session)
      return await mintTokens(ctx, pending.clientId, pending.username)
    },
  }
}

export const emailOtpFactor = otpFactor('EMAIL_OTP')
export const smsOtpFactor = otpFactor('SMS_OTP')
