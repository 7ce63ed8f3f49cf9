// The Cognito operations the shim answers itself, by name (everything else is passed through
// to cognito-local unchanged), and the access-token check several of them need.
import { createRemoteJWKSet, jwtVerify } from 'jose'
import {
  type CallUpstream, type Reply, type VerifyAccessToken, decodeJwtPayload,
  getTokensFromRefreshToken, globalSignOut, initiateAuth, type RefreshTokenLedger, revokeToken,
} from './shim-handlers'
import { passwordSignIn, respondToChallenge, type SignInContext } from './shim-challenges'
import { initiateSrpAuth, respondPasswordVerifier } from './shim-srp'
import { initiateCustomAuth, isCustomAuthResponse, respondCustomAuth } from './shim-custom-auth'
import { confirmForgotPassword, resendConfirmationCode } from './shim-accounts'
import { associateSoftwareToken, verifySoftwareToken } from './shim-mfa'
import { setUserMfaPreference, setUserPoolMfaConfig } from './shim-mfa-codes'
import { type RefreshTokenRotation, withRotation } from './shim-rotation'
import { deviceOperations, respondDeviceChallenge, withNewDevice } from './shim-devices'
import { initiateUserAuth, isUserAuthResponse, respondUserAuth } from './shim-user-auth'
import { confirmSignUpWithSession, signUpWithSession } from './shim-passwordless-sign-up'
import { webAuthnStandIn } from './shim-webauthn'

const DEVICE_CHALLENGES = new Set(['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER'])

export type Operation = (req: any) => Promise<Reply>

export function answeredOperations(call: CallUpstream, ledger: RefreshTokenLedger, signIn: SignInContext, verify: VerifyAccessToken, rotation: RefreshTokenRotation): Record<string, Operation> {
  const webAuthn = webAuthnStandIn(signIn, verify)
  return {
    ...webAuthn.operations,
    GetTokensFromRefreshToken: req => withRotation(rotation, req, rotated => getTokensFromRefreshToken(call, rotated, ledger)),
    InitiateAuth: async (req) => {
      if (req?.AuthFlow === 'USER_SRP_AUTH') return initiateSrpAuth(signIn, req)
      if (req?.AuthFlow === 'USER_PASSWORD_AUTH') return withNewDevice(signIn, req.ClientId, await passwordSignIn(signIn, req))
      if (req?.AuthFlow === 'CUSTOM_AUTH') return initiateCustomAuth(signIn, req)
      if (req?.AuthFlow === 'USER_AUTH') return initiateUserAuth(signIn, req)
      // REFRESH_TOKEN_AUTH never rotates (Cognito rotates through GetTokensFromRefreshToken only), but a token rotated out is dead here too.
      const token = req?.AuthParameters?.REFRESH_TOKEN
      if (token !== undefined) {
        const refused = rotation.refused(token)
        if (refused) return refused
        req = { ...req, AuthParameters: { ...req.AuthParameters, REFRESH_TOKEN: rotation.upstream(token) } }
      }
      return initiateAuth(call, req, ledger)
    },
    RespondToAuthChallenge: async (req) => {
      if (DEVICE_CHALLENGES.has(req?.ChallengeName)) return respondDeviceChallenge(signIn, req)
      if (webAuthn.signIn.owns(req?.Session)) return webAuthn.signIn.respond(req)
      if (isCustomAuthResponse(signIn, req)) return respondCustomAuth(signIn, req)
      const pending = signIn.challenges.peek(req?.Session)
      if (req?.ChallengeName !== 'PASSWORD_VERIFIER' && isUserAuthResponse(signIn, req)) return respondUserAuth(signIn, req)
      return withNewDevice(signIn, req?.ClientId, await (req?.ChallengeName === 'PASSWORD_VERIFIER' ? respondPasswordVerifier(signIn, req) : respondToChallenge(signIn, req)), pending)
    },
    GlobalSignOut: req => globalSignOut(call, req, ledger, verify),
    RevokeToken: req => revokeToken(call, { ...req, Token: rotation.upstream(req?.Token) }),
    SignUp: req => signUpWithSession(signIn, req),
    ConfirmSignUp: req => confirmSignUpWithSession(signIn, req),
    ResendConfirmationCode: req => resendConfirmationCode(signIn, req),
    ConfirmForgotPassword: req => confirmForgotPassword(signIn, req),
    AssociateSoftwareToken: req => associateSoftwareToken(signIn, verify, req),
    VerifySoftwareToken: req => verifySoftwareToken(signIn, verify, req),
    SetUserMFAPreference: req => setUserMfaPreference(signIn, verify, req),
    SetUserPoolMfaConfig: req => webAuthn.setUserPoolMfaConfig(req, rest => setUserPoolMfaConfig(signIn, rest)),
    ...deviceOperations(signIn, verify),
  }
}

/** Key sets kept at most: the pool id comes from a token's (unverified) `iss`. */
const MAX_KEY_SETS = 64
const POOL_ID = /^[-\w](?:[-\dA-Z]*_-)*[-\dA-Z]*_\w+(?:-(?:[-\dA-Z]*_-)*[-\dA-Z]*_\w+)*$/i

/** Checks access tokens against cognito-local's own signing keys, fetched from it directly. */
export function accessTokenVerifier(upstream: () => string): VerifyAccessToken {
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()
  return async (token) => {
    const iss = decodeJwtPayload(token)?.iss
    const poolId = typeof iss === 'string' ? iss.split('/').pop()! : ''
    if (typeof token !== 'string' || !POOL_ID.test(poolId)) return undefined
    if (!keySets.has(poolId)) {
      if (keySets.size >= MAX_KEY_SETS) keySets.delete(keySets.keys().next().value!)
      keySets.set(poolId, createRemoteJWKSet(new URL(`${upstream()}/${poolId}/.well-known/jwks.json`)))
    }
    try {
      const { payload } = await jwtVerify(token, keySets.get(poolId)!, { issuer: iss })
      return payload.token_use === 'access' ? payload : undefined
    }
    catch {
      return undefined
    }
  }
}
