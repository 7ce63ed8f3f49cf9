// Assertions signed with a passkey's real private key (taken from Chromium's virtual authenticator,
// virtual-authenticator.ts) but with what a test chooses in them: another origin, another RP ID,
// an old challenge. The signature is valid for what was signed, so when the WebAuthn stand-in
// refuses one it is for the planted fault, not for a broken signature; the unaltered forgery is
// accepted (the control that shows the forger itself is right).
import { createHash, createPrivateKey, sign } from 'node:crypto'
import type { VirtualCredential } from './virtual-authenticator'

export interface ForgeInput {
  credential: VirtualCredential
  challenge: string
  origin: string
  rpId: string
  /** The signature counter to put in; default: the authenticator's next one. */
  counter?: number
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')

/** An AuthenticationResponseJSON, as Amplify sends it in CREDENTIAL. */
export function forgeAssertion({ credential, challenge, origin, rpId, counter = credential.signCount + 1 }: ForgeInput) {
  const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin, crossOrigin: false }))
  const count = Buffer.alloc(4)
  count.writeUInt32BE(counter)
  // rpIdHash | flags (user present 0x01, user verified 0x04) | signCount
  const authData = Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([0x05]), count])
  const key = createPrivateKey({ key: Buffer.from(credential.privateKey, 'base64'), format: 'der', type: 'pkcs8' })
  // EdDSA keys (Chromium picks Ed25519 when offered first, as @simplewebauthn offers it) sign without a digest.
  const signature = sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', Buffer.concat([authData, createHash('sha256').update(clientData).digest()]), key)
  const id = Buffer.from(credential.credentialId, 'base64').toString('base64url')
  return {
    id,
    rawId: id,
    type: 'public-key',
    clientExtensionResults: {},
    authenticatorAttachment: 'platform',
    response: {
      clientDataJSON: b64url(clientData),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
      ...(credential.userHandle && { userHandle: Buffer.from(credential.userHandle, 'base64').toString('base64url') }),
    },
  }
}
