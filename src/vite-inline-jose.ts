import { getNuxtVersion, useNuxt } from '@nuxt/kit'

/**
 * Works around an upstream output bug of Nuxt >= 4.5 (Vite 8) when this module is installed from npm:
 * its server code imports `jose/jwt/verify` from `node_modules/nuxt-amplify`, Nuxt's resolve-externals
 * plugin turns that into an absolute external, Nitro then inlines jose's file but writes jose's own
 * relative imports as `../../../../jose/dist/webapi/util/errors.js` from the wrong directory, and every
 * request answers 500 (ERR_MODULE_NOT_FOUND). Bundling jose in the server build (build.transpile)
 * leaves no such import. Only on Nuxt >= 4.5; a local copy of the module (not under node_modules) is
 * not affected.
 */
export function inlineJoseOnNuxt45(): void {
  const nuxt = useNuxt()
  const [major = 0, minor = 0] = getNuxtVersion(nuxt).split('.').map(Number)
  if (major > 4 || (major === 4 && minor >= 5)) nuxt.options.build.transpile.push('jose')
}
