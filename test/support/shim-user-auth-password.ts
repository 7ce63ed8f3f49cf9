// The PASSWORD first factor of USER_AUTH (shim-user-auth.ts): Cognito offers it as two challenges,
// PASSWORD (the password itself: AuthParameters/ChallengeResponses PASSWORD) and PASSWORD_SRP (SRP_A,
// then PASSWORD_VERIFIER as in USER_SRP_AUTH). Both end as the shim's password sign-ins do (user
// status, MFA, tokens from cognito-local), whatever USER_PASSWORD_AUTH / USER_SRP_AUTH the client
// allows: the client allowed USER_AUTH. Users signed up without a password have none to offer.
import { passwordSignIn } from './shim-challenges'
import { errorReply } from './shim-handlers'
import { initiateSrpAuth } from './shim-srp'
import type { FirstFactor } from './shim-user-auth'
import { hasNoPassword } from './shim-passwordless-sign-up'

export const passwordFactor: FirstFactor = {
  challengeNames: ['PASSWORD', 'PASSWORD_SRP'],
  offers: (ctx, user) => !user || (user.Password !== undefined && !hasNoPassword(ctx, user)),
  async start({ ctx, client, userId, challenge, params, req }) {
    if (challenge === 'PASSWORD_SRP') {
      if (typeof params.SRP_A !== 'string') return errorReply('InvalidParameterException', 'Missing required parameter SRP_A')
      return await initiateSrpAuth(ctx, { ClientId: client.ClientId, AuthParameters: { USERNAME: userId, SRP_A: params.SRP_A } }, true)
    }
    if (typeof params.PASSWORD !== 'string') return errorReply('InvalidParameterException', 'Missing required parameter PASSWORD')
    return await passwordSignIn(ctx, { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client.ClientId, AuthParameters: { USERNAME: userId, PASSWORD: params.PASSWORD }, ClientMetadata: req?.ClientMetadata }, true)
  },
}
