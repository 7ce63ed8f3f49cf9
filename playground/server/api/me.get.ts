// Who is signed in, as JSON: `{ user: { username, userId } }`, or `{ user: null }` when nobody is.
export default defineEventHandler(async event => ({ user: await getAmplifyUser(event) }))
