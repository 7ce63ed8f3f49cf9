import type { H3Event } from 'h3'
import { getQuery, sendRedirect, setResponseHeader } from 'h3'
import { withQuery } from 'ufo'
import { returnPathLocation, safeReturnPath } from '../../shared/return-path'
import { amplifyRuntimeConfig } from '../context/runtime-config'
import { getAmplifyUser } from '../utils/amplify-user'
import { createFlowProofs, type FlowProofs } from './flow-proofs'
import { configuredUrlFor, managedLoginOf } from './oauth-config'
import { landOnLogin } from './landing'
import { MAX_CARRIED_LENGTH, storeFlowProofs } from './proof-cookie'

// `?provider=` as Amplify's signInWithRedirect names them, to Cognito's identity-provider names.
const PROVIDER_NAMES: Record<string, string> = { Amazon: 'LoginWithAmazon', Apple: 'SignInWithApple' }
// Cognito's provider names are 1–32 characters; this accepts the usual ones (letters, digits, `_.-`).
const PROVIDER_NAME = /^[\w.-]{1,32}$/

/**
 * GET sign-in / sign-up: a 302 to the managed login's `/oauth2/authorize` (or `/signup`) with
 * `response_type=code`, PKCE S256, a fresh `state`, a `nonce` with `openid`, the configured scopes,
 * `identity_provider` from `?provider=` and `lang` from `?lang=`. The proofs go into the proof cookie;
 * `?redirect=` (a same-site path, else `/`) is where the callback ends. A visitor who is already signed
 * in goes straight there.
 */
export async function startManagedLogin(event: H3Event, page: '/oauth2/authorize' | '/signup') {
  const runtime = amplifyRuntimeConfig()
  const login = managedLoginOf(runtime)
  const query = getQuery(event)
  const loginPath = runtime.redirect.login
  let returnPath = safeReturnPath(query.redirect, '/', loginPath)
  if (utf8Length(returnPath) > MAX_CARRIED_LENGTH) returnPath = '/'
  const redirectUri = login && configuredUrlFor(event, login.redirectSignIn, login.callbackPath)
  if (!login || !redirectUri) return landOnLogin(event, loginPath, 'not_configured', returnPath)

  const provider = first(query.provider)
  if (provider !== undefined && !PROVIDER_NAME.test(provider)) return landOnLogin(event, loginPath, 'invalid_provider', returnPath)
  if (await getAmplifyUser(event)) return sendRedirect(event, returnPathLocation(returnPath), 302)

  const customState = first(query.customState)
  const proofs = createFlowProofs(returnPath, redirectUri, customState && utf8Length(customState) <= MAX_CARRIED_LENGTH ? customState : undefined)
  await storeFlowProofs(event, login, proofs satisfies FlowProofs)
  const lang = first(query.lang)
  setResponseHeader(event, 'cache-control', 'no-store')
  return sendRedirect(event, withQuery(`${login.baseUrl}${page}`, {
    client_id: login.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: login.scopes.join(' '),
    state: proofs.state,
    code_challenge: proofs.codeChallenge,
    code_challenge_method: 'S256',
    ...(login.scopes.includes('openid') && { nonce: proofs.nonce }),
    ...(provider && { identity_provider: PROVIDER_NAMES[provider] ?? provider }),
    ...(lang && /^[\w-]{2,16}$/.test(lang) && { lang }),
  }), 302)
}

// Bytes, not characters: a return path of 1,024 CJK characters is 3 KB in the sealed cookie.
function utf8Length(value: string): number {
  return new TextEncoder().encode(value).length
}

function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v ? v : undefined
}
