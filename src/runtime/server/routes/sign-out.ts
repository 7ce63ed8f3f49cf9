import { fetchAuthSession } from 'aws-amplify/auth/server'
import { callCognito, CognitoError } from '../cognito/cognito-client'
import { useAmplifyServerContext } from '../utils/amplify-context'
import { clearSessionCookies } from '../session/write-session'
import { clearSignInState } from '../session/sign-in-state'
import { storedRefreshToken } from '../session/stored-session'
import { defineAuthPostRoute } from './auth-route'
import { optionField } from './request-body'

/**
 * POST sign-out { global? } → {}. Revokes the session's refresh token at Cognito (RevokeToken; with
 * `global: true`, GlobalSignOut ends every session of the user), then deletes every session cookie,
 * chunks included. The cookies go even when Cognito cannot be reached; the answer is then a 503
 * (the refresh token may still be valid at Cognito until it expires).
 */
export default defineAuthPostRoute(async ({ event, fields, pool }) => {
  const global = [true, 'true', 'on', '1'].includes(optionField(fields, 'global') as string)
  let failure: unknown
  try {
    if (global) {
      const { tokens } = await fetchAuthSession(useAmplifyServerContext(event))
      if (tokens?.accessToken) await callCognito(pool, 'GlobalSignOut', { AccessToken: tokens.accessToken.toString() })
    }
    else {
      const refreshToken = await storedRefreshToken(event)
      if (refreshToken) await callCognito(pool, 'RevokeToken', { Token: refreshToken, ClientId: pool.clientId })
    }
  }
  catch (error) {
    // Already revoked or expired: signed out all the same.
    if (!(error instanceof CognitoError) || error.outage) failure = error
  }
  await clearSessionCookies(event)
  await clearSignInState(event)
  if (failure) throw failure
  return {}
})
