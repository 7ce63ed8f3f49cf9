import type { H3Error } from 'h3'
import { defineNitroPlugin } from 'nitropack/runtime'
import { isAnonymousError } from '../errors/auth-errors'
import { AUTH_UNAVAILABLE_MESSAGE, authOutageOf } from '../errors/auth-outage'

// `getCurrentUser(useAmplifyServerContext(event))` throws when nobody is signed in. Unhandled, that
// would be a 500 with a stack in the log for what is an ordinary anonymous request. Nitro calls the
// `error` hook synchronously before its error handler renders the response, so the error is turned
// into a plain 401 here: the client gets `{ statusCode: 401, message }`, the log stays quiet.
// When the request is anonymous only because Cognito could not be reached, the answer is 503:
// the user should retry, not sign in again.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('error', (error, { event }) => {
    const h3Error = error as H3Error
    if (h3Error.statusCode && h3Error.statusCode !== 500) return
    if (!isAnonymousError(error)) return
    const outage = event && authOutageOf(event)
    h3Error.statusCode = outage ? 503 : 401
    h3Error.statusMessage = outage ? 'Service Unavailable' : 'Unauthorized'
    h3Error.message = outage ? AUTH_UNAVAILABLE_MESSAGE : 'Not signed in.'
    h3Error.unhandled = false
  })
})
