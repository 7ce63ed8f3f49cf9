import type { ResourcesConfig } from 'aws-amplify'
import { AmplifyConfigError } from './load-config'
import { authRoutePath } from './runtime/shared/auth-routes'
import type { AmplifyPublicRuntimeConfig } from './runtime/types'

const GEN2_FIX = 'In a Gen2 backend: `defineAuth({ loginWith: { externalProviders: { domainPrefix, callbackUrls, logoutUrls, scopes, … } } })`, then regenerate `amplify_outputs.json` (`npx ampx sandbox` / `npx ampx generate outputs`); in the Cognito console: the app client\'s managed login pages.'

/**
 * Checks managed login at build time, when the app has OAuth config (`auth.oauth` / Gen1 `oauth`) and the
 * auth routes are on (the routes use it): a domain, the callback route among the redirect URLs (Cognito
 * refuses any other), and `openid` among the scopes (without it Cognito issues no id token, and a
 * session here is an access token and an id token of the same user: the visitor would stay anonymous).
 */
export function checkManagedLoginConfig(config: ResourcesConfig, authRoutes: AmplifyPublicRuntimeConfig['authRoutes'], oauthEndpoint: unknown): void {
  if (oauthEndpoint !== undefined && oauthEndpoint !== '' && (typeof oauthEndpoint !== 'string' || !/^https?:\/\/[^/?#]+(?:\/[^?#]*)?$/.test(oauthEndpoint))) {
    throw new AmplifyConfigError(`\`amplify.oauthEndpoint\` must be a URL like 'https://auth.example.com' or 'http://127.0.0.1:9229', not ${JSON.stringify(oauthEndpoint)}.`)
  }
  const oauth = config.Auth?.Cognito?.loginWith?.oauth
  if (!oauth || !authRoutes.enabled) return
  if (!oauth.domain) {
    throw new AmplifyConfigError(`The OAuth config has no domain (\`auth.oauth.domain\`), so the managed-login routes have nowhere to send visitors. ${GEN2_FIX}`)
  }
  const callback = authRoutePath(authRoutes.prefix, 'oauthCallback')
  const paths = (oauth.redirectSignIn ?? []).map(url => pathnameOf(url))
  if (!paths.includes(callback)) {
    throw new AmplifyConfigError(`No redirect URL of the OAuth config (\`auth.oauth.redirect_sign_in_uri\`: ${JSON.stringify(oauth.redirectSignIn ?? [])}) ends in the callback route ${callback}: Cognito sends visitors back only to a registered URL. Add \`https://<your site>${callback}\` (and \`http://localhost:3000${callback}\` for \`nuxi dev\`) to \`callbackUrls\`. ${GEN2_FIX}`)
  }
  if (oauth.scopes?.length && !oauth.scopes.includes('openid')) {
    throw new AmplifyConfigError(`The OAuth scopes ${JSON.stringify(oauth.scopes)} lack 'openid': Cognito then issues no id token, and without one a visitor signed in through managed login stays anonymous here. Add 'openid' to \`scopes\`. ${GEN2_FIX}`)
  }
}

function pathnameOf(url: string): string | undefined {
  try {
    return new URL(url).pathname.replace(/\/+$/, '')
  }
  catch {
    return undefined
  }
}
