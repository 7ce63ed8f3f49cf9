// Passkeys (WebAuthn), which cognito-local 5.3.0 lacks entirely: a stand-in for Cognito's
// registration and management operations, with the verification done by @simplewebauthn/server
// (challenge, origin, RP ID, attestation), not by hand. The WEB_AUTHN sign-in factor is in
// shim-webauthn-sign-in.ts; what is kept, and its bounds, in shim-webauthn-store.ts.
//
// Shapes, as the Cognito API reference gives them and aws-amplify 6.22.1 sends and reads them
// (client/apis/associateWebAuthnCredential.mjs, foundation/apis/{list,delete}WebAuthnCredential(s).mjs):
//   SetUserPoolMfaConfig { UserPoolId, WebAuthnConfiguration: { RelyingPartyId, UserVerification } }
//     (the pool's passkey settings; the MFA part of the call goes on to the shim's MFA handler)
//   StartWebAuthnRegistration { AccessToken } -> { CredentialCreationOptions: <PublicKeyCredentialCreationOptionsJSON> }
//   CompleteWebAuthnRegistration { AccessToken, Credential: <RegistrationResponseJSON> } -> {}
//   ListWebAuthnCredentials { AccessToken, MaxResults? (1-20), NextToken? } -> { Credentials: [{ CredentialId,
//     FriendlyCredentialName, RelyingPartyId, AuthenticatorAttachment, AuthenticatorTransports, CreatedAt (s) }], NextToken? }
//   DeleteWebAuthnCredential { AccessToken, CredentialId } -> {}
// Every one verifies the access token (signature, expiry, token_use) first. Registration: the
// challenge is the user's latest StartWebAuthnRegistration, single-use, 3 minutes; the page's
// origin must be the RP ID or its subdomain (https, or http on localhost/127.0.0.1); the
// attestation statement is verified (`direct`). Not modelled: FriendlyCredentialName (Cognito
// takes it from the authenticator's AAGUID metadata; the stand-in leaves it out).
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server'
import type { SignInContext } from './shim-challenges'
import { errorReply, type Reply, type VerifyAccessToken } from './shim-handlers'
import { clientDataOrigin, originAllowed, WebAuthnStore, webAuthnErrorType } from './shim-webauthn-store'
import { webAuthnSignIn, type WebAuthnSignIn } from './shim-webauthn-sign-in'
import type { FirstFactor } from './shim-user-auth'

type Operation = (req: any) => Promise<Reply>
const invalidToken = () => errorReply('NotAuthorizedException', 'Invalid Access Token')
const PAGE_SIZE = 20

export interface WebAuthnStandIn {
  operations: Record<string, Operation>
  /** SetUserPoolMfaConfig's WebAuthnConfiguration; `next` answers the MFA part (shim-operations.ts). */
  setUserPoolMfaConfig(req: any, next: (rest: Record<string, unknown>) => Promise<Reply>): Promise<Reply>
  /** The WEB_AUTHN first factor of USER_AUTH (shim-webauthn-sign-in.ts). */
  signIn: WebAuthnSignIn
  store: WebAuthnStore
}

const standIns = new WeakMap<SignInContext, WebAuthnStandIn>()
/** The stand-in of one shim (the USER_AUTH factor table is module-wide; each shim has its own passkeys). */
export const webAuthnOf = (ctx: SignInContext) => standIns.get(ctx)

export function webAuthnStandIn(ctx: SignInContext, verify: VerifyAccessToken): WebAuthnStandIn {
  const store = new WebAuthnStore()

  /** The verified token's pool, user key and username, or an error reply. */
  async function caller(req: any): Promise<{ poolId: string, userKey: string, username: string, sub: string } | Reply> {
    const claims = await verify(req?.AccessToken)
    if (!claims?.username || typeof claims.sub !== 'string') return invalidToken()
    const poolId = String(claims.iss).split('/').pop()!
    return { poolId, userKey: claims.sub, username: claims.username, sub: claims.sub }
  }
  const isReply = (value: object): value is Reply => 'status' in value

  /** SetUserPoolMfaConfig: keeps WebAuthnConfiguration; the MFA part of the call goes to `next` (when there is one). */
  async function setUserPoolMfaConfig(req: any, next: (rest: Record<string, unknown>) => Promise<Reply>): Promise<Reply> {
    const { WebAuthnConfiguration: webAuthn, ...rest } = req ?? {}
    if (webAuthn !== undefined) {
      const rpId = webAuthn?.RelyingPartyId
      if (typeof rpId !== 'string' || !/^[a-z0-9.-]{1,253}$/i.test(rpId)) return errorReply('InvalidParameterException', 'RelyingPartyId is not a valid domain.')
      const userVerification = webAuthn.UserVerification === 'required' ? 'required' : 'preferred'
      store.configure(String(req.UserPoolId), { relyingPartyId: rpId, userVerification })
    }
    const others = Object.keys(rest).filter(key => key !== 'UserPoolId')
    const upstream = others.length ? await next(rest) : { status: 200, body: {} }
    if (upstream.status >= 300) return upstream
    const config = store.config(String(req?.UserPoolId))
    return { status: 200, body: { ...upstream.body as object, ...(config && { WebAuthnConfiguration: { RelyingPartyId: config.relyingPartyId, UserVerification: config.userVerification } }) } }
  }

  const operations: Record<string, Operation> = {
    StartWebAuthnRegistration: async (req) => {
      const who = await caller(req)
      if (isReply(who)) return who
      const config = store.config(who.poolId)
      if (!config) return errorReply('WebAuthnConfigurationMissingException', 'WebAuthn is not configured for this user pool: set a relying party ID.')
      const options = await generateRegistrationOptions({
        rpName: config.relyingPartyId,
        rpID: config.relyingPartyId,
        userName: who.username,
        userID: new TextEncoder().encode(who.sub),
        attestationType: 'direct',
        timeout: 180_000,
        excludeCredentials: store.list(who.userKey).map(p => ({ id: p.credential.id, transports: p.credential.transports })),
        authenticatorSelection: { residentKey: 'required', userVerification: config.userVerification },
      })
      store.startRegistration(who.userKey, options.challenge, config.relyingPartyId)
      return { status: 200, body: { CredentialCreationOptions: options } }
    },

    CompleteWebAuthnRegistration: async (req) => {
      const who = await caller(req)
      if (isReply(who)) return who
      const pending = store.takeRegistration(who.userKey)
      if (!pending) return errorReply('WebAuthnChallengeNotFoundException', 'The challenge was not found or has expired. Start the registration again.')
      const credential = req?.Credential
      if (!credential || typeof credential !== 'object') return errorReply('InvalidParameterException', 'Credential is required.')
      const origin = clientDataOrigin(credential)
      if (!originAllowed(origin, pending.relyingPartyId)) return errorReply('WebAuthnOriginNotAllowedException', 'The passkey origin is not allowed for this relying party.')
      const config = store.config(who.poolId)
      let verified
      try {
        verified = await verifyRegistrationResponse({
          response: credential,
          expectedChallenge: pending.challenge,
          expectedOrigin: origin,
          expectedRPID: pending.relyingPartyId,
          requireUserVerification: config?.userVerification === 'required',
        })
      }
      catch (error) {
        const message = (error as Error).message
        return errorReply(webAuthnErrorType(message), `The passkey could not be verified: ${message}`)
      }
      if (!verified.verified) return errorReply('NotAuthorizedException', 'The passkey could not be verified.')
      const info = verified.registrationInfo
      if (store.list(who.userKey).some(p => p.credential.id === info.credential.id)) return errorReply('InvalidParameterException', 'This passkey is already registered.')
      const added = store.add(who.userKey, {
        credential: info.credential,
        relyingPartyId: pending.relyingPartyId,
        attachment: typeof credential.authenticatorAttachment === 'string' ? credential.authenticatorAttachment.slice(0, 32) : undefined,
        createdAt: Math.floor(Date.now() / 1000),
      })
      if (added !== 'added') return errorReply('LimitExceededException', added === 'user-limit' ? 'The user has the maximum number of passkeys.' : 'cognito shim: passkey storage is full')
      return { status: 200, body: {} }
    },

    ListWebAuthnCredentials: async (req) => {
      const who = await caller(req)
      if (isReply(who)) return who
      const max = req?.MaxResults ?? PAGE_SIZE
      if (!Number.isInteger(max) || max < 1 || max > PAGE_SIZE) return errorReply('InvalidParameterException', 'MaxResults must be between 1 and 20.')
      const start = req?.NextToken === undefined ? 0 : Number.parseInt(String(req.NextToken), 10)
      const all = store.list(who.userKey)
      if (!Number.isInteger(start) || start < 0 || start > all.length) return errorReply('InvalidParameterException', 'NextToken is not valid.')
      const page = all.slice(start, start + max)
      return {
        status: 200,
        body: {
          Credentials: page.map(p => ({
            CredentialId: p.credential.id,
            RelyingPartyId: p.relyingPartyId,
            ...(p.attachment && { AuthenticatorAttachment: p.attachment }),
            AuthenticatorTransports: p.credential.transports ?? [],
            CreatedAt: p.createdAt,
          })),
          ...(start + max < all.length && { NextToken: String(start + max) }),
        },
      }
    },

    DeleteWebAuthnCredential: async (req) => {
      const who = await caller(req)
      if (isReply(who)) return who
      if (typeof req?.CredentialId !== 'string' || !store.remove(who.userKey, req.CredentialId)) {
        return errorReply('ResourceNotFoundException', 'The credential was not found.')
      }
      return { status: 200, body: {} }
    },
  }
  const standIn = { operations, setUserPoolMfaConfig, signIn: webAuthnSignIn(ctx, store), store }
  standIns.set(ctx, standIn)
  return standIn
}

/**
 * WEB_AUTHN in the USER_AUTH first-factor table (shim-user-auth.ts): offered to users who have a
 * passkey (when the pool allows WEB_AUTHN); its Session is the stand-in's own, so
 * RespondToAuthChallenge WEB_AUTHN is routed to it (shim-operations.ts).
 */
export const webAuthnFactor: FirstFactor = {
  challengeNames: ['WEB_AUTHN'],
  offers: (ctx, user) => webAuthnOf(ctx)?.signIn.available(user) ?? false,
  start: async ({ ctx, client, user, userId, params }) => {
    const standIn = webAuthnOf(ctx)
    if (!standIn || !user) return errorReply('NotAuthorizedException', 'Incorrect username or password.')
    return await standIn.signIn.challenge(client.ClientId, client.UserPoolId, user, typeof params.USERNAME === 'string' ? params.USERNAME : userId)
  },
}
