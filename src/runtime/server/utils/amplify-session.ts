// Auto-imported in server code: start a session from tokens obtained elsewhere (verified first), or end one.
// The same functions the module's auth routes use (session/write-session.ts).
export { writeSessionTokens as writeAmplifySession, clearSessionCookies as clearAmplifySession } from '../session/write-session'
export type { SessionTokens as AmplifySessionTokens } from '../session/write-session'
