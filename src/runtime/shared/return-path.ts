/**
 * The `?redirect=` value the login redirect carries, if it is safe to navigate to: a path on this
 * site. Anything else (`https://evil.example`, `//evil.example`, `/\evil.example`, an array, the
 * login page itself) gives `fallback`, so the parameter cannot be used as an open redirect or a loop.
 */
export function safeReturnPath(value: unknown, fallback: string, loginPath: string): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(path)) return fallback
  const pathname = path.split(/[?#]/)[0]!
  if (pathname === loginPath || pathname === `${loginPath}/`) return fallback
  return path
}
