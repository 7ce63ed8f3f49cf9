// The playground's /api/me is the README's first route: `getCurrentUser(useAmplifyServerContext(event))`,
// so it answers the user (`{ username, userId, signInDetails }`) or 401 for an anonymous visitor.

/** The username /api/me answered, `null` for its 401; anything else (a 500, a 503) fails the caller. */
export async function usernameFromMe(res: Response | { status: () => number, json: () => Promise<unknown>, text: () => Promise<string> }): Promise<string | null> {
  const status = typeof res.status === 'function' ? res.status() : res.status
  if (status === 401) return null
  if (status !== 200) throw new Error(`/api/me answered ${status}: ${await res.text()}`)
  return (await res.json() as { username: string }).username
}
