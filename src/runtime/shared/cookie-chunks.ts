// Browsers drop a cookie whose name + value exceed 4096 bytes, silently. Cognito id tokens with many
// groups or custom attributes do (adapter-nextjs #11649). Such values are stored as numbered chunks,
// `<name>.0`, `<name>.1`, …, by both the browser storage and the server cookie adapter, and joined on
// read. Values that fit keep their single, plain cookie, so ordinary sessions look exactly as
// Amplify writes them. The `.0`… suffix cannot clash with Amplify's keys, which end in a word
// (`.idToken`, `.LastAuthUser`, …).

/** Longest value (URL-encoded) written as one cookie; leaves 296 bytes for the name (usernames ≤ 128). */
export const MAX_COOKIE_VALUE_LENGTH = 3800
/** Most chunks read or cleared for one name: bounds the work a hostile Cookie header can cause. */
export const MAX_COOKIE_CHUNKS = 16

export function chunkCookieName(name: string, index: number): string {
  return `${name}.${index}`
}

/** The value as the cookies to write: `[value]` when it fits, else chunks that each fit once URL-encoded. */
export function splitCookieValue(value: string, limit = MAX_COOKIE_VALUE_LENGTH): string[] {
  if (encodeURIComponent(value).length <= limit) return [value]
  const chunks: string[] = []
  let current = ''
  let size = 0
  for (const char of value) { // by code point, so a chunk never ends inside a surrogate pair
    const charSize = encodeURIComponent(char).length
    if (size + charSize > limit) {
      chunks.push(current)
      current = ''
      size = 0
    }
    current += char
    size += charSize
  }
  chunks.push(current)
  return chunks
}

/**
 * Reads a value written by splitCookieValue from a request's cookies: the plain cookie if present,
 * else its contiguous chunks joined. Takes the map itself, not a reader function, so that a read
 * (several per request) builds no closure.
 */
export function joinCookieChunks(name: string, cookies: Pick<ReadonlyMap<string, string>, 'get'>): string | undefined {
  const plain = cookies.get(name)
  if (plain !== undefined) return plain
  const chunks: string[] = []
  for (let i = 0; i < MAX_COOKIE_CHUNKS; i++) {
    const chunk = cookies.get(chunkCookieName(name, i))
    if (chunk === undefined) break
    chunks.push(chunk)
  }
  return chunks.length ? chunks.join('') : undefined
}

/** Names of the chunks of `name` present (contiguous from 0), starting at chunk `from`: the ones to clear. */
export function presentChunkNames(name: string, cookies: Pick<ReadonlyMap<string, string>, 'has'>, from = 0): string[] {
  const names: string[] = []
  for (let i = from; i < MAX_COOKIE_CHUNKS && cookies.has(chunkCookieName(name, i)); i++) names.push(chunkCookieName(name, i))
  return names
}
