// The `redirect.include` / `redirect.exclude` patterns. Written here (20 lines) rather than taken from
// Nuxt's router matcher: Nuxt 3 and 4 ship different matchers (radix3, rou3), and neither is a
// dependency an app can rely on. The syntax is the one of `routeRules` keys.

const compiled = new Map<string, RegExp>()

/**
 * `*` matches within one path segment, `**` any number of segments (also none), anything else
 * literally: `/account/**` matches `/account` and `/account/a/b`; `/blog/*` matches `/blog/x` only.
 * A trailing slash on the path or the pattern is ignored.
 */
export function matchRouteGlob(pattern: string, path: string): boolean {
  let regex = compiled.get(pattern)
  if (!regex) {
    const segments = trimSlash(pattern).split('/').slice(1)
    const body = segments.map(segment => segment === '**'
      ? '(?:/.*)?'
      : `/${segment.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}`).join('')
    regex = new RegExp(`^${body || '/'}$`)
    compiled.set(pattern, regex)
  }
  return regex.test(trimSlash(path))
}

/** True when any pattern matches. */
export function matchesAnyRouteGlob(patterns: readonly string[], path: string): boolean {
  return patterns.some(pattern => matchRouteGlob(pattern, path))
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path
}
