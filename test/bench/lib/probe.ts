import type { CaseId } from './report'

/**
 * One request per case before any load: a case that answers an error (say a 401 because the cookies
 * were not understood) would be "fast" for the wrong reason. Routes must return the user as JSON,
 * pages must render "Hello, <username>!".
 */
export async function checkCase(id: CaseId, url: string, path: string, cookie: string, username: string): Promise<void> {
  const res = await fetch(`${url}${path}`, { headers: { cookie, accept: path.startsWith('/api') ? 'application/json' : 'text/html' } })
  const body = await res.text()
  const expected = id === 'a' ? '"username"' : path.startsWith('/api') ? `"username":"${username}"` : `Hello, ${username}!`
  if (!res.ok || !body.includes(expected)) {
    throw new Error(`[bench] case (${id}) ${path} answered ${res.status} without ${expected}: ${body.replace(/<head>[\s\S]*<\/head>/, '').slice(0, 2000)}`)
  }
}

/** The server's memory after a full GC (see the fixtures' /__bench/memory route). */
export async function readMemory(url: string): Promise<{ rss: number, heapUsed: number }> {
  // Two reads: the first GC can free what the last load left; the second is the settled value.
  await fetch(`${url}/__bench/memory`).then(res => res.arrayBuffer())
  return await (await fetch(`${url}/__bench/memory`)).json() as { rss: number, heapUsed: number }
}

/**
 * Case (f) must measure server sessions in their steady state. With the cookies but without the
 * HttpOnly marker, the server carries the session over (rewrites every cookie HttpOnly, with the
 * marker): that proves the process runs server sessions. With the marker, it must answer the user
 * and write no cookie at all, so the load measures what every later request of a session costs.
 */
export async function checkServerSessionSteadyState(url: string, path: string, cookies: { carriedOver: string, fresh: string }, marker: string, username: string): Promise<void> {
  const cookie = cookies.fresh
  const first = await fetch(`${url}${path}`, { headers: { cookie, accept: 'application/json' } })
  await first.arrayBuffer()
  const carried = first.headers.getSetCookie()
  // Names only in errors: the values are tokens.
  const names = (setCookies: string[]) => setCookies.map(c => c.slice(0, c.indexOf('=')))
  if (!carried.some(c => c.startsWith(`${marker}=`) && /;\s*HttpOnly/i.test(c))) {
    throw new Error(`[bench] case (f): the server did not carry the session over to HttpOnly cookies (not in server sessions?): ${JSON.stringify(names(carried))}`)
  }
  // The very cookies the load sends (with the marker).
  const steady = await fetch(`${url}${path}`, { headers: { cookie: cookies.carriedOver, accept: 'application/json' } })
  const body = await steady.text()
  const written = steady.headers.getSetCookie()
  if (!steady.ok || !body.includes(`"username":"${username}"`) || written.length) {
    throw new Error(`[bench] case (f): steady state answered ${steady.status}, Set-Cookie ${JSON.stringify(names(written))}: ${body.slice(0, 500)}`)
  }
}
