import { hasProtocol } from 'ufo'

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
  if (typeof path !== 'string' || !path.startsWith('/') || hasProtocol(path, { acceptRelative: true })) return fallback
  // `//`, `///`, `/\` alone pass hasProtocol (it wants a host after the slashes), but navigateTo on the
  // server cannot parse them as a URL (a 500): any path that starts with two slashes is refused.
  if (path[1] === '/' || path[1] === '\\') return fallback
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(path)) return fallback
  const pathname = path.split(/[?#]/)[0]!
  if (pathname === loginPath || pathname === `${loginPath}/`) return fallback
  return path
}
