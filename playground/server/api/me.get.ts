import { getCurrentUser } from 'aws-amplify/auth/server'

// The README's first example, word for word: the signed-in user as JSON
// (`{ username, userId, signInDetails }`), or 401 `Not signed in.` for an anonymous visitor.
export default defineEventHandler(event => getCurrentUser(useAmplifyServerContext(event)))
