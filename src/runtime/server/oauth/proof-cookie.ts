import type { H3Event, SessionConfig } from 'h3'
import { deleteCookie, getCookie, getSession, unsealSession, updateSession } from 'h3'
import { sessionPassword } from '../session/session-password'
import type { FlowProofs } from './flow-proofs'
import type { ManagedLogin } from './oauth-config'

/**
 * The one place the proofs of a managed-login attempt are stored: an HttpOnly cookie of 5 minutes,
 * sealed as the sign-in state is (h3's sessions: iron-webcrypto, encrypted and signed with the session
 * password), so nobody can write an attempt of their own making or read the PKCE verifier. Secure, it is
 * a `__Host-` cookie (no Domain, Path=/, Secure, as the prefix requires): a sibling subdomain cannot
 * plant the sealed proofs of an attempt it started itself (login CSRF), since browsers refuse a
 * `__Host-` cookie with a Domain. Without Secure (a site on plain HTTP) the prefix is not allowed; the
 * cookie then keeps the oauth routes' path.
 */
const PROOF_COOKIE = 'nuxt-amplify.oauth'
const PROOF_SECONDS = 300
/** A cookie holds ~4 KB; proofs plus a return path and custom state of at most 1 KB each stay under it, sealed. */
export const MAX_CARRIED_LENGTH = 1024

/** The proof cookie's name for this site: `__Host-nuxt-amplify.oauth` when Secure. */
export function proofCookieName(login: ManagedLogin): string {
  return login.secure ? `__Host-${PROOF_COOKIE}` : PROOF_COOKIE
}

// SameSite=Lax whatever the session cookies use: the cookie must come back on the top-level GET from the
// Cognito domain (a cross-site navigation, where Strict cookies are not sent).
function proofCookieOptions(login: ManagedLogin) {
  return { httpOnly: true, secure: login.secure, sameSite: 'lax' as const, path: login.secure ? '/' : `${login.prefix}/oauth` }
}

function sealing(event: H3Event, login: ManagedLogin): SessionConfig {
  return { name: proofCookieName(login), password: sessionPassword(event), maxAge: PROOF_SECONDS, sessionHeader: false, cookie: { ...proofCookieOptions(login), maxAge: PROOF_SECONDS } }
}

export async function storeFlowProofs(event: H3Event, login: ManagedLogin, proofs: FlowProofs): Promise<void> {
  const { state, codeVerifier, nonce, returnPath, redirectUri, customState } = proofs
  const config = sealing(event, login)
  const session = await getSession<Record<string, unknown>>(event, config)
  for (const key of Object.keys(session.data)) Reflect.deleteProperty(session.data, key) // nothing of an earlier attempt stays
  await updateSession(event, config, { state, codeVerifier, nonce, returnPath, redirectUri, ...(customState !== undefined && { customState }) })
}

/** The stored proofs, deleted on the way (each attempt's proofs serve one callback only). `undefined`: none, not sealed by this app, or expired. */
export async function takeFlowProofs(event: H3Event, login: ManagedLogin): Promise<FlowProofs | undefined> {
  const raw = getCookie(event, proofCookieName(login))
  if (raw === undefined) return undefined
  deleteCookie(event, proofCookieName(login), proofCookieOptions(login))
  try {
    const proofs = (await unsealSession(event, sealing(event, login), raw)).data as Partial<FlowProofs> | undefined
    const strings = [proofs?.state, proofs?.codeVerifier, proofs?.nonce, proofs?.returnPath, proofs?.redirectUri]
    return strings.every(value => typeof value === 'string' && value) ? proofs as FlowProofs : undefined
  }
  catch {
    return undefined
  }
}

/** Deletes the proofs (sign-out deletes every cookie of the module). */
export function deleteFlowProofs(event: H3Event, login: ManagedLogin): void {
  if (getCookie(event, proofCookieName(login)) !== undefined) deleteCookie(event, proofCookieName(login), proofCookieOptions(login))
}
