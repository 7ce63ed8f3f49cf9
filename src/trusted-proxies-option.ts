import { AmplifyConfigError } from './load-config'
import { MAX_TRUSTED_PROXIES } from './runtime/shared/user-context'

/** `amplify.trustedProxies` checked at build time: a whole number of proxies, 0 (the default) trusts none. */
export function checkTrustedProxies(value: unknown): number {
  if (value === undefined) return 0
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TRUSTED_PROXIES) {
    throw new AmplifyConfigError(`\`amplify.trustedProxies\` must be the number of proxies in front of the app, a whole number from 0 to ${MAX_TRUSTED_PROXIES}, not ${JSON.stringify(value)}.`)
  }
  return value
}
