import { describe, expect, it } from 'vitest'
import { checkTrustedProxies } from '../../src/trusted-proxies-option'

// `amplify.trustedProxies` at build time: a count of proxies or nothing; anything else stops the
// build with one line, since a wrong count lets clients choose the address Cognito sees.
describe('amplify.trustedProxies', () => {
  it('takes a whole number of proxies from 0 to 16; unset is 0', () => {
    expect(checkTrustedProxies(undefined)).toBe(0)
    for (const count of [0, 1, 2, 16]) expect(checkTrustedProxies(count)).toBe(count)
  })

  it('refuses anything else with a line that names the option', () => {
    for (const value of [-1, 1.5, 17, Number.NaN, Number.POSITIVE_INFINITY, '1', true, null, [1]]) {
      expect(() => checkTrustedProxies(value), JSON.stringify(value)).toThrow(/`amplify\.trustedProxies` must be the number of proxies/)
    }
  })
})
