import { defineNitroPlugin } from 'nitropack/runtime'
import { releaseRequest } from '../context/request-ref'

// Once a response has been sent, the request's Amplify context lets go of the h3 event (and with it
// Node's request and response), which Amplify's process-wide registry would otherwise keep reachable
// until the next full garbage collection. Why this matters for speed: request-ref.ts.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('afterResponse', releaseRequest)
})
