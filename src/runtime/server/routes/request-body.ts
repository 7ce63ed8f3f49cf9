import type { H3Event } from 'h3'
import { getRequestHeader, readBody } from 'h3'
import { authError } from '../cognito/cognito-errors'

// The largest auth route body: a username, a password and a few attributes are far below this.
export const MAX_BODY_BYTES = 16 * 1024

export interface AuthRouteBody {
  /** The fields, from JSON or a form (a form's `options.x` fields are also read flat, as `x`). */
  fields: Record<string, unknown>
  /** A plain form post (application/x-www-form-urlencoded): answered with a 303, not JSON. */
  form: boolean
}

/**
 * The body of a POST auth route: JSON (fetch) or a form post, at most MAX_BODY_BYTES as the request
 * declares in Content-Length (h3 reads it whole, so an undeclared or larger body is refused unread).
 */
export async function readAuthRouteBody(event: H3Event): Promise<AuthRouteBody> {
  const type = (getRequestHeader(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const form = type === 'application/x-www-form-urlencoded'
  if (!form && type !== 'application/json') throw authError(415, 'UnsupportedMediaType', 'Send JSON or a form (application/x-www-form-urlencoded).')
  const length = Number(getRequestHeader(event, 'content-length'))
  if (!Number.isInteger(length) || length < 0) throw authError(411, 'LengthRequired', 'The request needs a Content-Length.')
  if (length > MAX_BODY_BYTES) throw authError(413, 'BodyTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`)
  let body: unknown
  try {
    body = length ? await readBody(event) : {}
  }
  catch {
    throw authError(400, 'InvalidBody', 'The request body could not be read.')
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw authError(400, 'InvalidBody', 'The request body must be an object.')
  return { fields: body as Record<string, unknown>, form }
}

/** A required string field (trimmed of nothing: passwords may have spaces), bounded. */
export function stringField(fields: Record<string, unknown>, name: string, maxLength = 2048): string {
  const value = fields[name]
  if (typeof value !== 'string' || !value || value.length > maxLength) throw authError(400, 'InvalidParameterException', `\`${name}\` is required.`)
  return value
}

/** An option from `options.<name>` (JSON) or the flat form field `<name>`. */
export function optionField(fields: Record<string, unknown>, name: string): unknown {
  const options = fields.options
  if (options && typeof options === 'object' && !Array.isArray(options) && name in options) return (options as Record<string, unknown>)[name]
  return fields[name]
}
