// Return paths whose characters must never break a Location header (test/return-path.test.ts and the
// managed-login callback in oauth-routes-server.test.ts): Unicode, spaces, CR/LF, `%` sequences valid
// and not, very long paths. Each comes as the decoded `?redirect=` value a route reads.
import { expect } from 'vitest'

export interface ReturnPathCase {
  name: string
  path: string
  /** Where the browser must end up, read back from the Location (path + search), when the path is kept. */
  lands?: { pathname: string, params?: Record<string, string> }
}

export const RETURN_PATH_CASES: ReturnPathCase[] = [
  { name: 'Unicode query', path: '/who?q=東京', lands: { pathname: '/who', params: { q: '東京' } } },
  { name: 'Unicode path, Latin-1, hash', path: '/東京/ü?ä=ö#ß', lands: { pathname: '/%E6%9D%B1%E4%BA%AC/%C3%BC', params: { ä: 'ö' } } },
  { name: 'spaces', path: '/a b/c d?x=y z#h h', lands: { pathname: '/a%20b/c%20d', params: { x: 'y z' } } },
  { name: 'valid escapes kept', path: '/who?q=%E6%9D%B1%E4%BA%AC', lands: { pathname: '/who', params: { q: '東京' } } },
  { name: '%zz', path: '/p%zz?q=%zz' },
  { name: 'truncated UTF-8 escape', path: '/p?q=%E0%A4%A' },
  { name: 'lone %', path: '/100%?q=%' },
  { name: 'CR/LF header injection', path: '/p\r\nSet-Cookie: evil=1' },
  { name: 'LF in the query', path: '/p?q=a\nb' },
  { name: 'long ASCII path', path: `/${'a'.repeat(3000)}` },
  { name: 'long Unicode path (over the Location bound once encoded)', path: `/${'東'.repeat(1000)}` },
]

/** A Location header as a browser needs it: visible ASCII only, a path on `origin` (never another host). */
export function expectValidLocation(location: string | null, origin: string, label: string): URL {
  expect(location, label).toBeTruthy()
  expect(location, label).toMatch(/^[\x21-\x7E]+$/)
  expect(location!.startsWith('/') && !location!.startsWith('//') && !location!.startsWith('/\\'), `${label}: ${location}`).toBe(true)
  const url = new URL(location!, origin)
  expect(url.origin, label).toBe(origin)
  return url
}

/** Where a kept return path lands, as the case says. */
export function expectLanding(url: URL, testCase: ReturnPathCase): void {
  if (!testCase.lands) return
  expect(url.pathname, testCase.name).toBe(testCase.lands.pathname)
  for (const [key, value] of Object.entries(testCase.lands.params ?? {})) expect(url.searchParams.get(key), testCase.name).toBe(value)
}
