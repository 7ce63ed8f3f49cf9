// Cognito's `UserContextData` (threat protection) at the shim: the emulator has no threat protection,
// so the shim checks the field as Cognito's API does, records it per call for tests to read, and
// takes it out before the emulator sees the call. Read from any process:
//   GET /__shim/user-context -> UserContextRecord[] (oldest first; filter by username: files share the shim)
import { isIP } from 'node:net'
import { errorReply, type Reply } from './shim-handlers'

export interface UserContextRecord {
  operation: string
  /** The call's user (Username, AuthParameters.USERNAME or ChallengeResponses.USERNAME). */
  username?: string
  /** Whether the call had `UserContextData` at all. */
  present: boolean
  ipAddress?: string
  encodedData?: string
}

// Cognito's API reference: the operations whose input has UserContextData.
const TAKES_USER_CONTEXT = new Set(['InitiateAuth', 'RespondToAuthChallenge', 'SignUp', 'ConfirmSignUp', 'ResendConfirmationCode', 'ForgotPassword', 'ConfirmForgotPassword'])
// UserContextDataType's length constraint for both members.
const MAX_MEMBER = 131072
// Bounded: a test reads a few dozen records; values beyond this are kept cut (tests compare short ones).
const MAX_RECORDS = 2000
const MAX_KEPT_VALUE = 16 * 1024

export class UserContextLog {
  private log: UserContextRecord[] = []

  /**
   * Checks and records one call's UserContextData. Answers Cognito's refusal when the field is not what
   * the API takes, else the body to pass on (without the field: the emulator has no use for it).
   */
  take(operation: string, raw: Buffer): { refusal?: Reply, body: Buffer } {
    let request: any
    try {
      request = JSON.parse(raw.toString('utf8') || '{}')
    }
    catch {
      return { body: raw } // the operation's own handling answers the SerializationException
    }
    if (!request || typeof request !== 'object' || !('UserContextData' in request)) {
      this.record({ operation, username: usernameOf(request), present: false })
      return { body: raw }
    }
    const context = request.UserContextData
    const refusal = refusalOf(operation, context)
    if (refusal) return { refusal, body: raw }
    this.record({
      operation,
      username: usernameOf(request),
      present: true,
      ...(context.IpAddress !== undefined && { ipAddress: String(context.IpAddress).slice(0, MAX_KEPT_VALUE) }),
      ...(context.EncodedData !== undefined && { encodedData: String(context.EncodedData).slice(0, MAX_KEPT_VALUE) }),
    })
    const { UserContextData: _taken, ...rest } = request
    return { body: Buffer.from(JSON.stringify(rest)) }
  }

  records(): UserContextRecord[] {
    return this.log.map(record => ({ ...record }))
  }

  private record(entry: UserContextRecord): void {
    if (this.log.length >= MAX_RECORDS) this.log.shift()
    this.log.push(entry)
  }
}

function refusalOf(operation: string, context: unknown): Reply | undefined {
  // Cognito's JSON protocol refuses a member an operation does not have, and a value of the wrong type.
  if (!TAKES_USER_CONTEXT.has(operation)) return errorReply('SerializationException', `${operation} has no member UserContextData`)
  if (!context || typeof context !== 'object' || Array.isArray(context)) return errorReply('SerializationException', 'UserContextData must be a structure')
  for (const [name, value] of Object.entries(context)) {
    if (name !== 'IpAddress' && name !== 'EncodedData') return errorReply('SerializationException', `UserContextDataType has no member ${name}`)
    if (typeof value !== 'string') return errorReply('SerializationException', `UserContextData.${name} must be a string`)
    if (value.length > MAX_MEMBER) return errorReply('InvalidParameterException', `1 validation error detected: Value at 'userContextData.${name[0]!.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_MEMBER}`)
  }
  // Stricter than Cognito's documented constraint (length only): its risk engine can use nothing but
  // an address here, so anything else is a bug of the caller's that tests should see.
  const ip = (context as { IpAddress?: string }).IpAddress
  if (ip !== undefined && !isIP(ip)) return errorReply('InvalidParameterException', 'UserContextData.IpAddress is not an IP address')
  return undefined
}

function usernameOf(request: any): string | undefined {
  const name = request?.Username ?? request?.AuthParameters?.USERNAME ?? request?.ChallengeResponses?.USERNAME
  return typeof name === 'string' ? name : undefined
}

/** The shim's records of the calls made for `username` (test side). */
export async function userContextRecords(stack: { endpoint: string }, username: string): Promise<UserContextRecord[]> {
  const res = await fetch(`${stack.endpoint}/__shim/user-context`)
  if (!res.ok) throw new Error(`shim GET /__shim/user-context: HTTP ${res.status}`)
  return (await res.json() as UserContextRecord[]).filter(record => record.username === username)
}
