// A passkey made in Node, for load and benchmark runs where no browser takes part: a P-256 key pair,
// registered through Cognito's StartWebAuthnRegistration / CompleteWebAuthnRegistration (the shim's
// stand-in verifies it as any registration, `none` attestation). It has the shape of Chromium's
// virtual credentials, so passkey-forge.ts signs its assertions. Browser tests use the real
// authenticator (virtual-authenticator.ts) instead.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { isoCBOR } from '@simplewebauthn/server/helpers'
import type { VirtualCredential } from './virtual-authenticator'

type Call = (operation: string, body: unknown) => Promise<any>

/** Registers a new passkey for the owner of `accessToken`, as a page at `origin` would. */
export async function registerSoftwarePasskey(call: Call, accessToken: string, origin: string): Promise<VirtualCredential> {
  const { CredentialCreationOptions: options } = await call('StartWebAuthnRegistration', { AccessToken: accessToken })
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = publicKey.export({ format: 'jwk' })
  const cose = isoCBOR.encode(new Map<number, number | Uint8Array>([
    [1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')],
  ]))
  const id = randomBytes(16)
  const length = Buffer.alloc(2)
  length.writeUInt16BE(id.length)
  // rpIdHash | flags (UP, UV, attested credential data) | signCount 0 | AAGUID (none) | id length | id | COSE key
  const authData = Buffer.concat([createHash('sha256').update(options.rp.id).digest(), Buffer.from([0x45]), Buffer.alloc(4), Buffer.alloc(16), length, id, cose])
  const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never)
  const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }))
  await call('CompleteWebAuthnRegistration', {
    AccessToken: accessToken,
    Credential: {
      id: id.toString('base64url'),
      rawId: id.toString('base64url'),
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON: clientData.toString('base64url'), attestationObject: Buffer.from(attestationObject).toString('base64url'), transports: ['internal'] },
    },
  })
  return {
    credentialId: id.toString('base64'),
    isResidentCredential: true,
    rpId: options.rp.id,
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    signCount: 0,
  }
}
