import type { H3Event } from 'h3'
import { getQuery } from 'h3'
import { decodeJwt } from 'jose'
import { withQuery } from 'ufo'
import { safeReturnPath } from '../../shared/return-path'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { writeSessionTokens } from '../session/write-session'
import { landOnLogin, landOnReturnPath } from './landing'
import { managedLoginOf } from './oauth-config'
import { takeFlowProofs } from './proof-cookie'
import { exchangeCode } from './token-endpoint'

/**
 * GET callback ?code=&state= (or ?error=) from the managed login. In order: the proofs are taken (the
 * cookie is deleted whatever follows), the provider's error, the state, the code exchanged with the
 * verifier, the id token's nonce, then writeSessionTokens verifies the tokens like every token cookie
 * and writes the session. Every failure lands on the login page with an `?error=` code before anything
 * of the session is written (landing.ts); a session already there stays as it was.
 */
export async function finishManagedLogin(event: H3Event) {
  const runtime = amplifyRuntimeConfig()
  const login = managedLoginOf(runtime)
  const loginPath = runtime.redirect.login
  if (!login) return landOnLogin(event, loginPath, 'not_configured')
  const query = getQuery(event)
  const proofs = await takeFlowProofs(event, login)
  const returnPath = proofs && safeReturnPath(proofs.returnPath, '/', loginPath)

  if (query.error !== undefined) return landOnLogin(event, loginPath, query.error === 'access_denied' ? 'access_denied' : 'oauth_error', returnPath)
  if (!proofs || !returnPath) return landOnLogin(event, loginPath, 'state_missing')
  if (typeof query.state !== 'string' || query.state !== proofs.state) return landOnLogin(event, loginPath, 'state_mismatch', returnPath)
  if (typeof query.code !== 'string' || !query.code) return landOnLogin(event, loginPath, 'invalid_grant', returnPath)

  const tokens = await exchangeCode(login, query.code, proofs.codeVerifier, proofs.redirectUri)
  if (typeof tokens === 'string') return landOnLogin(event, loginPath, tokens, returnPath)
  // Cognito puts the authorize request's nonce into the id token (sent with `openid`, start-flow.ts); OIDC
  // Core 3.1.3.7: when a nonce was sent, the id token must carry that very nonce. One without, or with
  // another, was issued for another request (a replayed or injected token).
  if (login.scopes.includes('openid') && !nonceMatches(tokens.idToken, proofs.nonce)) return landOnLogin(event, loginPath, 'invalid_tokens', returnPath)
  try {
    await writeSessionTokens(event, tokens)
  }
  catch (error) {
    const status = (error as { statusCode?: number }).statusCode
    return landOnLogin(event, loginPath, status === 503 ? 'token_endpoint_unavailable' : 'invalid_tokens', returnPath)
  }
  return landOnReturnPath(event, login, proofs.customState === undefined ? returnPath : withQuery(returnPath, { customState: proofs.customState }))
}

function nonceMatches(idToken: string, nonce: string): boolean {
  try {
    return decodeJwt(idToken).nonce === nonce
  }
  catch {
    return false
  }
}
