import type { H3Event } from 'h3'
import type { AmplifyContext } from 'aws-amplify'
import {
  createAWSCredentialsAndIdentityIdProvider,
  createKeyValueStorageFromCookieStorageAdapter,
  createUserPoolsTokenProvider,
} from 'aws-amplify/adapter-core'
import type { CookieStorage } from 'aws-amplify/adapter-core'
import type { AmplifyPublicRuntimeConfig } from '../../types'
import { resolveResourcesConfig } from '../../shared/resolve-config'
import { restAuthLibraryOptions } from '../../shared/rest-auth-headers'
import { createCookieStorageAdapter } from '../cookies/cookie-adapter'
import { skipUnchangedWrites } from '../cookies/unchanged-writes'
import { createAmplifyContextFor } from './amplify-context-factory'
import { createCookieValidator } from '../tokens/cookie-validator'
import { verifierFor } from '../tokens/request-verifier'
import { boundGetTokens } from '../tokens/bounded-token-provider'
import { sharedRefreshGetTokens } from '../tokens/shared-refresh'
import { withConfigureWarningsOnce } from '../errors/endpoint-warning'
import { reuseTokensOfSameCookies } from '../tokens/token-reuse'
import { holdRequest } from './request-ref'
import { sessionModeOf } from '../session/session-mode'

// Per runtime cookie options object, which is the process-wide one on the server (runtime-config.ts).
const setCookieOptionsOf = new WeakMap<AmplifyPublicRuntimeConfig['cookies'], CookieStorage.SetCookieOptions>()

/** The configured cookie attributes in the shape Amplify's cookie storage takes (built once per process). */
function setCookieOptions(cookies: AmplifyPublicRuntimeConfig['cookies']): CookieStorage.SetCookieOptions {
  let options = setCookieOptionsOf.get(cookies)
  if (!options) {
    options = Object.freeze({
      domain: cookies.domain || undefined,
      sameSite: cookies.sameSite,
      secure: cookies.secure,
      path: cookies.path,
      maxAge: cookies.maxAge,
    })
    setCookieOptionsOf.set(cookies, options)
  }
  return options
}

/**
 * Builds the one Amplify context of a request, following the data path:
 * request cookies → cookie adapter → validator (token checks) → key-value storage
 * → token/credentials providers → context.
 * Everything here is new per request; only the parsed config (immutable) is shared.
 *
 * No closures are created in this function, on purpose: a closure keeps this function's whole scope
 * (the event included) alive, and Amplify keeps what its providers reach alive past the request
 * (request-ref.ts). Callbacks are bound methods or are made in small helper scopes.
 */
export function createRequestAmplifyContext(event: H3Event, runtime: AmplifyPublicRuntimeConfig): AmplifyContext {
  const config = resolveResourcesConfig(runtime)
  const auth = config.Auth
  if (!auth) return createAmplifyContextFor(event, config, {})

  // Browser or server sessions: token cookie attributes and the carry-over of browser-written cookies (session-mode.ts).
  const mode = sessionModeOf(runtime)
  const cookieOptions = mode.cookieOptions(setCookieOptions(runtime.cookies))
  // Everything below reaches the event only through this ref, which drops it once the response is sent (request-ref.ts).
  const request = holdRequest(event)
  const adapter = createCookieStorageAdapter(request, cookieOptions)
  const pool = auth.Cognito
  if (pool?.userPoolClientId) mode.carryOver(request.cookies, pool.userPoolClientId, adapter, cookieOptions)
  // Every cookie read passes the validator: forged or foreign tokens read as absent (cookie-validator.ts).
  const validator = pool?.userPoolId && pool.userPoolClientId
    ? createCookieValidator({
        clientId: pool.userPoolClientId,
        cookies: adapter,
        verifier: verifierFor(runtime, pool),
        onUnavailable: request.markOutage,
      })
    : undefined
  // An unchanged value (the guest identity id, stored again on every session read) writes no Set-Cookie.
  request.storage = skipUnchangedWrites(createKeyValueStorageFromCookieStorageAdapter(adapter, validator, cookieOptions), adapter)
  // Amplify's stores get the request ref, which forwards to that storage until the response is sent.
  const keyValueStorage = request
  const provider = createUserPoolsTokenProvider(auth, keyValueStorage)
  // One refresh per session across the process's concurrent requests (shared-refresh.ts), bounded in
  // time; an unreachable Cognito makes the request anonymous, a session that cannot be refreshed is
  // deleted (bounded-token-provider.ts).
  request.auth = auth
  const timeoutMs = Number(runtime.cognitoTimeout) || 5000
  const bounded = boundGetTokens(sharedRefreshGetTokens(auth, keyValueStorage, timeoutMs), { timeoutMs, onOutage: request.markOutage, clearSession: request.clearSession })
  // The same session cookies give the same tokens: a valid session is decoded once per process (token-reuse.ts).
  request.tokens = pool?.userPoolClientId ? reuseTokensOfSameCookies(bounded, { clientId: pool.userPoolClientId, cookies: adapter }) : bounded
  // Amplify finds the context's orchestrator by this provider object, so the object is kept; its
  // getTokens reaches the token source above only through the request ref (request-ref.ts).
  provider.getTokens = request.getTokens
  const tokenProvider = provider
  // Without an identity pool Amplify's credentials provider returns nothing, so none is built.
  const credentialsProvider = pool?.identityPoolId ? createAWSCredentialsAndIdentityIdProvider(auth, keyValueStorage) : undefined
  // REST calls carry the user's token when `restAuthToken` asks for it (see rest-auth-headers.ts).
  const api = restAuthLibraryOptions(runtime.restAuthToken, tokenProvider)?.API
  // aws-amplify 6.22+ or the callback API of older 6.x, whichever is installed (amplify-context-factory.ts).
  // Amplify's custom-endpoint warning once per process, not once per request (endpoint-warning.ts).
  return withConfigureWarningsOnce(createAmplifyContextFor, event, config, { Auth: { tokenProvider, credentialsProvider }, API: api })
}

/**
 * The request's context, built on first use and cached on `event.context.amplify`: every caller in
 * one request (server routes, middleware, the page render) shares it, so a request refreshes its
 * tokens at most once and writes each cookie once.
 */
export function getRequestAmplifyContext(event: H3Event, runtime: AmplifyPublicRuntimeConfig): AmplifyContext {
  event.context.amplify ??= createRequestAmplifyContext(event, runtime)
  return event.context.amplify
}
