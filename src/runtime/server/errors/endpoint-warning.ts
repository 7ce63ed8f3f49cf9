import { ConsoleLogger } from 'aws-amplify/utils'

// Amplify warns "You are using a custom Amazon Cognito User Pool endpoint, ensure the endpoint is
// correct." each time an Auth config with `userPoolEndpoint`/`identityPoolEndpoint` is configured.
// On the server that is once per request context, so one log line per request for every app on an
// emulator or a private endpoint (measured in test/bench: about 15 % of the CPU time of a
// `getCurrentUser` route). The process's first context warns as usual; later ones come from the
// same config, so they are created with Amplify's logger at ERROR. Creation is synchronous, so no
// other code runs while the level is raised. The flag lives on globalThis because Nuxt bundles this
// file twice (Nitro's server routes and the Vue SSR bundle): a module-level flag warned once per bundle.
const WARNED = Symbol.for('nuxt-amplify:configure-warned')
const flags = globalThis as Record<symbol, boolean | undefined>

/**
 * Calls `create(a, b, c)` (which builds an Amplify context) so that Amplify's configure-time
 * warnings appear once per process. Arguments rather than a closure: see create-context.ts.
 */
export function withConfigureWarningsOnce<A, B, C, T>(create: (a: A, b: B, c: C) => T, a: A, b: B, c: C): T {
  const level = ConsoleLogger.LOG_LEVEL
  if (!flags[WARNED] || level === 'ERROR' || level === 'NONE') {
    flags[WARNED] = true
    return create(a, b, c)
  }
  ConsoleLogger.LOG_LEVEL = 'ERROR'
  try {
    return create(a, b, c)
  }
  finally {
    ConsoleLogger.LOG_LEVEL = level
  }
}
