import { hasProtocol, normalizeURL } from 'ufo'

/**
 * The `?redirect=` value the login redirect carries, if it is safe to navigate to: a path on this
 * site. Anything else gives `fallback`, so the parameter cannot be used as an open redirect or a loop:
 * - what Nuxt's `navigateTo` treats as external (it would refuse it, a 500 on the server and an
 *   error in the browser after a successful sign-in). That is ufo's `hasProtocol(path, { acceptRelative: true })`,
 *   the very test navigateTo makes (nuxt/dist/app/composables/router.js): `https://…`, `//evil.example`,
 *   `/\evil.example`, and slashes with any whitespace between them, Unicode spaces included
 *   (`/ /evil.example`, `/\u3000/evil.example`), which browsers would resolve off-site;
 * - anything not starting with exactly one `/` (relative paths, `javascript:…`), an array, control characters
 *   (a URL parser drops tabs and newlines, turning `/\t/evil.example` into `//evil.example`);
 * - the login page itself.
 */
export function safeReturnPath(value: unknown, fallback: string, loginPath: string): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !isSitePath(path)) return fallback
  const pathname = path.split(/[?#]/)[0]!
  if (pathname === loginPath || pathname === `${loginPath}/`) return fallback
  return path
}

function isSitePath(path: string): boolean {
  if (!path.startsWith('/') || hasProtocol(path, { acceptRelative: true })) return false
  // `//`, `///`, `/\` alone pass hasProtocol (it wants a host after the slashes), but navigateTo on the
  // server cannot parse them as a URL (a 500): any path that starts with two slashes is refused.
  if (path[1] === '/' || path[1] === '\\') return false
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001F\u007F]/.test(path)
}

/** The longest Location a return path becomes (encoded); a longer one gives the fallback (browsers and proxies limit header sizes). */
export const MAX_LOCATION_LENGTH = 4096

/**
 * A checked return path (safeReturnPath) as a `Location` header value. The path arrives decoded, so it
 * may hold any character (`/who?q=東京`, spaces, a `%` that starts no escape), and Node refuses a header
 * outside Latin-1 (a 500 after the session was written). ufo's normalizeURL encodes the path, query and
 * hash (escapes already there are kept, so an encoded path stays as it is); the result is checked again
 * as a same-site path, and one longer than MAX_LOCATION_LENGTH gives `fallback` too.
 */
export function returnPathLocation(path: string, fallback = '/'): string {
  let location: string
  try {
    location = normalizeURL(path)
  }
  catch {
    return fallback
  }
  if (location.length > MAX_LOCATION_LENGTH || !isSitePath(location)) return fallback
  return location
}
