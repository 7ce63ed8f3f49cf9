import type { H3Event } from 'h3'
import { deleteCookie, getCookie, setCookie } from 'h3'
import type { FlowProofs } from './flow-proofs'
import type { ManagedLogin } from './oauth-config'

/** The one place the proofs of a managed-login attempt are stored: an HttpOnly cookie of 5 minutes. */
const PROOF_COOKIE = 'nuxt-amplify.oauth'
const PROOF_SECONDS = 300
/** A cookie holds ~4 KB; proofs plus a return path and custom state of at most 1 KB each stay under it. */
export const MAX_CARRIED_LENGTH = 1024

// SameSite=Lax whatever the session cookies use: the cookie must come back on the top-level GET from the
// Cognito domain (a cross-site navigation, where Strict cookies are not sent). Path: only the oauth routes.
function proofCookieOptions(login: ManagedLogin) {
  return { httpOnly: true, secure: login.secure, sameSite: 'lax' as const, path: `${login.prefix}/oauth` }
}

export function storeFlowProofs(event: H3Event, login: ManagedLogin, proofs: FlowProofs): void {
  const { state, codeVerifier, nonce, returnPath, redirectUri, customState } = proofs
  setCookie(event, PROOF_COOKIE, JSON.stringify({ state, codeVerifier, nonce, returnPath, redirectUri, customState }), { ...proofCookieOptions(login), maxAge: PROOF_SECONDS })
}

/** The stored proofs, deleted on the way (each attempt's proofs serve one callback only). `undefined`: none or unreadable. */
export function takeFlowProofs(event: H3Event, login: ManagedLogin): FlowProofs | undefined {
  const raw = getCookie(event, PROOF_COOKIE)
  if (raw === undefined) return undefined
  deleteCookie(event, PROOF_COOKIE, proofCookieOptions(login))
  try {
    const proofs = JSON.parse(raw) as Partial<FlowProofs>
    const strings = [proofs.state, proofs.codeVerifier, proofs.nonce, proofs.returnPath, proofs.redirectUri]
    return strings.every(value => typeof value === 'string' && value) ? proofs as FlowProofs : undefined
  }
  catch {
    return undefined
  }
}

/** Deletes the proofs (sign-out deletes every cookie of the module). */
export function deleteFlowProofs(event: H3Event, login: ManagedLogin): void {
  if (getCookie(event, PROOF_COOKIE) !== undefined) deleteCookie(event, PROOF_COOKIE, proofCookieOptions(login))
}
