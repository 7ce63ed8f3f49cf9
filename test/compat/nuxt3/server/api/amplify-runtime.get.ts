import { fetchAuthSession } from 'aws-amplify/auth/server'

// Which Amplify the module runs on: a context from `createAmplifyContext` (6.22+) carries the
// config; an older version's context spec is only a registry token.
export default defineEventHandler(async (event) => {
  const context = useAmplifyServerContext(event)
  const session = await fetchAuthSession(context)
  return {
    path: 'resourcesConfig' in context ? 'createAmplifyContext' : 'runWithAmplifyServerContext',
    username: session.tokens?.accessToken.payload.username ?? null,
  }
})
