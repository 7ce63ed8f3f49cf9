// What the browser's Amplify reads from a cookie: the name and value as js-cookie decodes them.
// js-cookie is the library Amplify's CookieStorage uses in the browser; this loads the very copy
// @aws-amplify/core resolves, so the tests' oracle for cookie names is Amplify's own reader, not
// the module's (src/runtime/shared/cookie-names.ts is what is under test).
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const amplifyCore = fileURLToPath(new URL('../../node_modules/@aws-amplify/core/package.json', import.meta.url))
const Cookies = createRequire(amplifyCore)('js-cookie') as { get(): Record<string, string> }

/**
 * Reads one `name=value` pair (as it would sit in `document.cookie`) with js-cookie's `get()`.
 * js-cookie only reads `document.cookie`, so a stand-in document is put in place for the
 * duration of the (synchronous) call and the previous global restored.
 */
export function readWithJsCookie(pair: string): { name: string, value: string } {
  const global = globalThis as { document?: unknown }
  const had = 'document' in global
  const previous = global.document
  global.document = { cookie: pair }
  try {
    const entries = Object.entries(Cookies.get())
    if (entries.length !== 1) throw new Error(`js-cookie read ${entries.length} cookies from ${JSON.stringify(pair.slice(0, 80))}`)
    const [name, value] = entries[0]!
    return { name, value }
  }
  finally {
    if (had) global.document = previous
    else delete global.document
  }
}
