import { fetchAuthSession } from 'aws-amplify/auth/server'

// The Amplify docs' callback style, for people who follow them.
export default defineEventHandler(event => runWithAmplifyServerContext(event, async (context) => {
  const { tokens } = await fetchAuthSession(context)
  return { username: tokens?.accessToken.payload.username ?? null }
}))
