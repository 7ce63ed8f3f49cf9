import { describe, expect, it } from 'vitest'
import { matchRouteGlob, matchesAnyRouteGlob } from '../../src/runtime/shared/route-glob'
import { safeReturnPath } from '../../src/runtime/shared/return-path'

describe('redirect include/exclude globs', () => {
  it.each([
    ['/**', '/', true],
    ['/**', '/a/b/c', true],
    ['/account/**', '/account', true],
    ['/account/**', '/account/', true],
    ['/account/**', '/account/settings/x', true],
    ['/account/**', '/accounts', false],
    ['/account/**', '/', false],
    ['/blog/*', '/blog/post', true],
    ['/blog/*', '/blog/post/comments', false],
    ['/blog/*/edit', '/blog/1/edit', true],
    ['/', '/', true],
    ['/', '/a', false],
    ['/about', '/about/', true],
    ['/a.b', '/aXb', false], // regex characters are literal
    ['/docs/v*', '/docs/v2', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(matchRouteGlob(pattern, path)).toBe(expected)
  })

  it('matches any of several patterns', () => {
    expect(matchesAnyRouteGlob(['/a/**', '/b'], '/b')).toBe(true)
    expect(matchesAnyRouteGlob([], '/b')).toBe(false)
  })
})

describe('the ?redirect= return path', () => {
  it.each([
    ['/profile?tab=1#x', '/profile?tab=1#x'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/login', '/'],
    ['/login?redirect=/x', '/'],
    ['/a\nb', '/'],
    [undefined, '/'],
    [['/first', '/second'], '/first'],
  ])('%j → %s', (value, expected) => {
    expect(safeReturnPath(value, '/', '/login')).toBe(expected)
  })
})
