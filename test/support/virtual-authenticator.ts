// Real WebAuthn in tests: Chromium's virtual authenticator (DevTools protocol, WebAuthn domain) through
// playwright-core's CDP session. A CTAP2 "internal" (platform) authenticator with resident keys and user
// verification, which verifies the user and confirms presence on its own, so navigator.credentials.create
// and .get answer without a prompt, with real keys, real attestation and real signatures.
// WebAuthn needs a secure context: http://127.0.0.1 and http://localhost are one in Chromium.
import type { CDPSession, Page } from 'playwright-core'

/** A passkey as the virtual authenticator holds it (WebAuthn.Credential of the DevTools protocol). */
export interface VirtualCredential {
  credentialId: string
  isResidentCredential: boolean
  rpId?: string
  /** PKCS#8, base64: lets a test sign assertions of its own with the passkey's real key (passkey-forge.ts). */
  privateKey: string
  userHandle?: string
  signCount: number
}

export interface VirtualAuthenticator {
  cdp: CDPSession
  authenticatorId: string
  credentials(): Promise<VirtualCredential[]>
}

export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[],
  }
}
