import { AmplifyConfigError } from './load-config'
import type { AmplifyRedirectOptions } from './runtime/types'

/**
 * `amplify.redirect` with its defaults filled in and checked at build time. `false` (the default)
 * still yields a login path, for the named `amplify-auth` middleware, but no `include` patterns.
 */
export function resolveRedirectOptions(redirect: ModuleRedirect): Required<AmplifyRedirectOptions> {
  if (redirect === undefined || redirect === false) return { login: '/login', include: [], exclude: [] }
  if (!redirect || typeof redirect !== 'object' || Array.isArray(redirect)) {
    throw new AmplifyConfigError(`\`amplify.redirect\` must be \`false\` or \`{ login, include, exclude }\`, not ${JSON.stringify(redirect)}.`)
  }
  const resolved = { login: redirect.login ?? '/login', include: redirect.include ?? ['/**'], exclude: redirect.exclude ?? [] }
  if (typeof resolved.login !== 'string' || !resolved.login.startsWith('/')) {
    throw new AmplifyConfigError(`\`amplify.redirect.login\` must be a path starting with '/', like '/login', not ${JSON.stringify(resolved.login)}.`)
  }
  for (const key of ['include', 'exclude'] as const) {
    const patterns = resolved[key]
    if (!Array.isArray(patterns) || patterns.some(p => typeof p !== 'string' || !p.startsWith('/'))) {
      throw new AmplifyConfigError(`\`amplify.redirect.${key}\` must be a list of route patterns starting with '/', like ['/account/**'], not ${JSON.stringify(patterns)}.`)
    }
  }
  return resolved
}

type ModuleRedirect = false | AmplifyRedirectOptions | undefined
