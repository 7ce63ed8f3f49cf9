import { AmplifyConfigError } from './load-config'
import type { AmplifyPublicRuntimeConfig, ModuleOptions } from './runtime/types'

export const DEFAULT_AUTH_ROUTES_PREFIX = '/api/amplify'

/**
 * `amplify.authRoutes` resolved and checked at build time. Default: on with server sessions (the browser
 * can only sign in through them), off with browser sessions (nothing new is exposed unless asked for).
 */
export function resolveAuthRoutesOptions(routes: ModuleOptions['authRoutes'], session: ModuleOptions['session']): AmplifyPublicRuntimeConfig['authRoutes'] {
  if (session !== undefined && session !== 'browser' && session !== 'server') {
    throw new AmplifyConfigError(`\`amplify.session\` must be 'browser' or 'server', not ${JSON.stringify(session)}.`)
  }
  if (routes === undefined) return { enabled: session === 'server', prefix: DEFAULT_AUTH_ROUTES_PREFIX }
  if (typeof routes === 'boolean') {
    if (!routes && session === 'server') {
      throw new AmplifyConfigError('`amplify.authRoutes: false` cannot go with `session: \'server\'`: the browser signs in through those routes. Remove one of the two.')
    }
    return { enabled: routes, prefix: DEFAULT_AUTH_ROUTES_PREFIX }
  }
  if (!routes || typeof routes !== 'object' || Array.isArray(routes)) {
    throw new AmplifyConfigError(`\`amplify.authRoutes\` must be a boolean or \`{ prefix }\`, not ${JSON.stringify(routes)}.`)
  }
  const prefix = routes.prefix ?? DEFAULT_AUTH_ROUTES_PREFIX
  if (typeof prefix !== 'string' || !/^\/[\w\-./]*[\w-]$/.test(prefix) || prefix.includes('//') || prefix.includes('..')) {
    throw new AmplifyConfigError(`\`amplify.authRoutes.prefix\` must be a path like '/api/amplify' (no trailing slash), not ${JSON.stringify(prefix)}.`)
  }
  return { enabled: true, prefix }
}
