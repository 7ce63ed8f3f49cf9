/** A 4xx answer of an AWS service (S3, API Gateway, …) carried by an Amplify error. */
export interface ServiceRefusal {
  status: number
  name: string
  message: string
}

interface AmplifyServiceError {
  name?: string
  message?: string
  // AmplifyError (Storage, Auth): `metadata.httpStatusCode`; RestApiError: `response.statusCode`.
  metadata?: { httpStatusCode?: number }
  response?: { statusCode?: number }
  cause?: unknown
}

/**
 * The service's own 4xx answer when `error` (or the error it wraps) is one, else undefined. 5xx and
 * network failures stay 500s: those are the server's problem, not the caller's.
 */
export function serviceRefusalOf(error: unknown, depth = 0): ServiceRefusal | undefined {
  const e = error as AmplifyServiceError | undefined
  if (!e || typeof e !== 'object' || depth > 3) return undefined
  const status = e.metadata?.httpStatusCode ?? e.response?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const name = e.name || 'Error'
    // S3 answers a HEAD for a missing object with no body: Amplify's message is then just the name.
    const message = e.message && e.message !== name ? e.message : `The service answered ${status} ${name}.`
    return { status, name, message }
  }
  return e.cause !== error ? serviceRefusalOf(e.cause, depth + 1) : undefined
}
