import type { H3Error } from 'h3'
import { defineNitroPlugin } from 'nitropack/runtime'
import { serviceRefusalOf } from '../errors/service-errors'

// `getUrl(ctx, { path, options: { validateObjectExistence: true } })` on a missing file, a REST API
// that answers 403: the service refused the caller's request. Unhandled in a route, that would be a
// 500 with a stack; here it becomes the service's status with Amplify's message (404 "Not Found").
// Runs after the auth-errors plugin, which has already turned "nobody signed in" into a 401.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('error', (error) => {
    const h3Error = error as H3Error
    if (h3Error.statusCode && h3Error.statusCode !== 500) return
    const refusal = serviceRefusalOf(error)
    if (!refusal) return
    h3Error.statusCode = refusal.status
    h3Error.statusMessage = refusal.name.replace(/[^\w ]/g, '')
    h3Error.message = refusal.message
    h3Error.unhandled = false
  })
})
