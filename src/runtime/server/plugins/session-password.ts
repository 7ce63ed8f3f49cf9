import { defineNitroPlugin } from 'nitropack/runtime'
import { configuredSessionPassword, MISSING_SESSION_PASSWORD } from '../session/session-password'

// Registered only with the auth routes on. A server without the sealing secret stops at start-up with
// one line naming the variable, instead of failing every sign-in, or sealing with a per-process key
// that another process (or the next deploy) could not open.
export default defineNitroPlugin(() => {
  // Cloudflare Workers: variables may reach Nitro only per request (without nodejs_compat), so the
  // secret is checked when a route first needs it (a 503 and the same line, once; session-password.ts).
  if ((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers') return
  if (configuredSessionPassword()) return
  const message = `[nuxt-amplify] ${MISSING_SESSION_PASSWORD}`
  // Node (node-server, Lambda, …): the line and exit code 1, not a stack trace into the bundle.
  const node = typeof process !== 'undefined' && process.versions?.node && typeof process.exit === 'function'
  if (!node) throw new Error(message)
  console.error(message)
  process.exit(1)
})
