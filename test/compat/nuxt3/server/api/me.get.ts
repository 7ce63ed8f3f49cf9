import { getCurrentUser } from 'aws-amplify/auth/server'

// The README's example, word for word.
export default defineEventHandler(event => getCurrentUser(useAmplifyServerContext(event)))
