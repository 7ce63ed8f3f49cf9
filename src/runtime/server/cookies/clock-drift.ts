/**
 * The `clockDrift` cookie: milliseconds Amplify adds to "now" when it decides whether a token has
 * expired (now + clockDrift + 5 s > exp). One rule for reading and one for writing, side by side,
 * so that the server never writes a value it would refuse to read on the next request.
 */

// Twelve digits are 31 years of drift: far beyond any real clock, small enough to stay an exact integer.
const TRUSTED_DRIFT = /^\d{1,12}$/
const MAX_DRIFT = 999_999_999_999

/**
 * Read side (the browser's cookie): only a non-negative integer is honoured. A negative drift would
 * let an expired token pass as current; a positive one only makes the server refresh earlier.
 * Anything else reads as absent, which Amplify treats as 0.
 */
export function isTrustedClockDrift(value: string): boolean {
  return TRUSTED_DRIFT.test(value)
}

/**
 * Write side (after a refresh on the server): Amplify stores `iat * 1000 - Date.now()`, which is
 * negative whenever this server's clock is ahead of Cognito's, and usually by a few hundred ms even
 * with synchronised clocks, because `iat` is rounded down to the second. The read rule above would
 * refuse such a value on the next request, so it is written as 0 instead: the same drift the next
 * request would have used after refusing it, without the rejected cookie. The value Amplify keeps
 * in memory for the rest of this request is untouched.
 */
export function storableClockDrift(value: string): string {
  if (isTrustedClockDrift(value)) return value
  const drift = Number.parseInt(value, 10)
  return String(Number.isFinite(drift) && drift > 0 ? Math.min(drift, MAX_DRIFT) : 0)
}
