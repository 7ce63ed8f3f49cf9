import { defineNitroPlugin } from 'nitropack/runtime'
import { configuredSessionPassword, MISSING_SESSION_PASSWORD } from '../session/session-password'

// Registered only with the auth routes on. A server without the sealing secret stops at start-up with
// one line naming the variable, instead of failing every sign-in, or sealing with a per-process key
// that another process (or the next deploy) could not open.
export default defineNitroPlugin(() => {
  if (!configuredSessionPassword()) throw new Error(MISSING_SESSION_PASSWORD)
})
