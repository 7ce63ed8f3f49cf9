// Scripted Cognito errors for error-mapping tests: "the next N calls of <Operation> fail with
// <type>", e.g. LimitExceededException, which Cognito answers after too many attempts (codes
// sent, wrong codes, password resets) and cognito-local never does. Set through the shim
// settings (ShimSettings.failNext, also over HTTP with setShimMode), per operation name:
//   setShimMode(stack, { failNext: { ForgotPassword: { count: 1 } } })
// The counters are global to one shim: tests that use them should start a private shim
// (stack.ts startPrivateShim), since other test files share the run-wide one.
import { errorReply, type Reply } from './shim-handlers'

export interface ScriptedFailure {
  /** How many of the next calls fail (counts down to 0). */
  count: number
  /** Cognito error name; default LimitExceededException. */
  type?: string
  message?: string
  /** HTTP status; default 400 (Cognito's status for client errors, throttling included). */
  status?: number
}
export type FailNext = Record<string, ScriptedFailure>

const LIMIT_EXCEEDED = 'Attempt limit exceeded, please try after some time.'

/** Throws on a malformed failNext setting (the shim answers 400 to the control request). */
export function validateFailNext(value: unknown): FailNext {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('failNext must be an object of { <Operation>: { count } }')
  for (const [operation, failure] of Object.entries(value as Record<string, any>)) {
    if (!Number.isInteger(failure?.count) || failure.count < 0) throw new Error(`failNext.${operation}.count must be a non-negative integer`)
    if (failure.status !== undefined && !(Number.isInteger(failure.status) && failure.status >= 400 && failure.status < 600)) throw new Error(`failNext.${operation}.status must be 4xx or 5xx`)
  }
  return structuredClone(value as FailNext)
}

/** The scripted error for this call of `operation`, if one is due (and counts it down). */
export function takeScriptedFailure(failNext: FailNext, operation: string): Reply | undefined {
  const failure = failNext[operation]
  if (!failure || failure.count <= 0) return undefined
  failure.count -= 1
  const type = failure.type ?? 'LimitExceededException'
  return errorReply(type, failure.message ?? (type === 'LimitExceededException' ? LIMIT_EXCEEDED : `${type} (simulated by the test shim)`), failure.status ?? 400)
}
