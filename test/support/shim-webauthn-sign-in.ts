// The WEB_AUTHN first factor of USER_AUTH (choice-based sign-in), Cognito's passkey sign-in:
//   InitiateAuth USER_AUTH (PREFERRED_CHALLENGE WEB_AUTHN, or SELECT_CHALLENGE answered WEB_AUTHN)
//     -> { ChallengeName: WEB_AUTHN, Session, ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS:
//          '<PublicKeyCredentialRequestOptionsJSON>' } }
//   RespondToAuthChallenge { ChallengeName: WEB_AUTHN, Session, ChallengeResponses: { USERNAME,
//     CREDENTIAL: '<AuthenticationResponseJSON>' } } -> tokens
// (aws-amplify 6.22.1: client/flows/userAuth/handleWebAuthnSignInResult.mjs reads the first and sends
// the second.) The assertion is verified by @simplewebauthn/server against the passkey registered for
// that user (shim-webauthn.ts): the challenge of this Session (single-use: the Session is spent by the
// first answer, right or wrong; 3 minutes), the page's origin (the RP ID or a subdomain), the RP ID
// hash, user presence (and verification when the pool requires it), the signature, and the signature
// counter, which must grow when the authenticator keeps one. Then cognito-local mints the tokens
// (mintTokens, as after every challenge the shim answers).
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server'
import type { DbUser } from './cognito-db'
import { mintTokens, noDb, type SignInContext } from './shim-challenges'
import { errorReply, type Reply } from './shim-handlers'
import { ExpiringHandles } from './shim-sessions'
import { clientDataOrigin, originAllowed, type WebAuthnStore, webAuthnErrorType } from './shim-webauthn-store'

interface PendingAssertion { username: string, loginId: string, clientId: string, poolId: string, userKey: string, challenge: string, relyingPartyId: string }
export interface WebAuthnSignIn {
  /** Whether WEB_AUTHN is an available first factor for this user: the user has a passkey. */
  available(user: DbUser | undefined): boolean
  /** The WEB_AUTHN challenge (request options bound to a new single-use Session). */
  challenge(clientId: string, poolId: string, user: DbUser, loginId?: string): Promise<Reply>
  /** RespondToAuthChallenge WEB_AUTHN (or SELECT_CHALLENGE ANSWER WEB_AUTHN with a CREDENTIAL). */
  respond(req: any): Promise<Reply>
  /** Whether a Session is one of this factor's (so the caller routes the answer here). */
  owns(session: unknown): boolean
}

/** An assertion is well under 4 KB; anything bigger is refused before parsing. */
const MAX_CREDENTIAL_CHARS = 16 * 1024
const invalidSession = () => errorReply('NotAuthorizedException', 'Invalid session for the user.')
const refused = (message: string) => errorReply(webAuthnErrorType(message), `The passkey could not be verified: ${message}`)

/** Passkeys belong to the user's `sub` (unique across pools, and a username change does not move it). */
export const userKeyOf = (user: DbUser | undefined) => user?.Attributes?.find(a => a.Name === 'sub')?.Value

export function webAuthnSignIn(ctx: SignInContext, store: WebAuthnStore): WebAuthnSignIn {
  const sessions = new ExpiringHandles<PendingAssertion>()
  return {
    available(user) {
      const key = userKeyOf(user)
      return Boolean(key && store.list(key).length)
    },

    async challenge(clientId, poolId, user, loginId = user.Username) {
      const config = store.config(poolId)
      const userKey = userKeyOf(user)
      if (!config || !userKey) return errorReply('WebAuthnNotEnabledException', 'Passkey sign-in is not enabled for this user pool.')
      const options = await generateAuthenticationOptions({
        rpID: config.relyingPartyId,
        timeout: 180_000,
        userVerification: config.userVerification,
        allowCredentials: store.list(userKey).map(p => ({ id: p.credential.id, transports: p.credential.transports })),
      })
      const Session = sessions.issue({ username: user.Username, loginId, clientId, poolId, userKey, challenge: options.challenge, relyingPartyId: config.relyingPartyId })
      return { status: 200, body: { ChallengeName: 'WEB_AUTHN', Session, ChallengeParameters: { USERNAME: user.Username, CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) } } }
    },

    owns: session => sessions.peek(session) !== undefined,

    async respond(req) {
      if (!ctx.db) return noDb()
      const pending = sessions.peek(req?.Session)
      if (pending === 'expired') return errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
      if (!pending) return invalidSession()
      sessions.spend(req.Session) // single-use: a replayed answer, right or wrong, finds no challenge
      const answers = req.ChallengeResponses ?? {}
      if (pending.clientId !== req.ClientId || ![pending.username, pending.loginId].includes(answers.USERNAME)) return invalidSession()
      const text = answers.CREDENTIAL
      if (typeof text !== 'string' || text.length > MAX_CREDENTIAL_CHARS) return errorReply('InvalidParameterException', 'CREDENTIAL is required.')
      let credential: any
      try {
        credential = JSON.parse(text)
      }
      catch {
        return errorReply('InvalidParameterException', 'CREDENTIAL is not valid JSON.')
      }
      const passkey = store.list(pending.userKey).find(p => p.credential.id === credential?.id)
      if (!passkey) return errorReply('NotAuthorizedException', 'The passkey is not registered for this user.')
      const origin = clientDataOrigin(credential)
      if (!originAllowed(origin, pending.relyingPartyId)) return errorReply('WebAuthnOriginNotAllowedException', 'The passkey origin is not allowed for this relying party.')
      const config = store.config(pending.poolId)
      let result
      try {
        result = await verifyAuthenticationResponse({
          response: credential,
          expectedChallenge: pending.challenge,
          expectedOrigin: origin,
          expectedRPID: pending.relyingPartyId,
          credential: passkey.credential,
          requireUserVerification: config?.userVerification === 'required',
        })
      }
      catch (error) {
        return refused((error as Error).message)
      }
      if (!result.verified) return errorReply('NotAuthorizedException', 'The passkey signature is not valid.')
      passkey.credential.counter = result.authenticationInfo.newCounter
      return await mintTokens(ctx, pending.clientId, pending.username)
    },
  }
}
