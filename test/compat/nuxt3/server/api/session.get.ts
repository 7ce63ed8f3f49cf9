import { fetchAuthSession } from 'aws-amplify/auth/server'

// Token details, to see refreshes happen: the same context answers twice in one request.
export default defineEventHandler(async (event) => {
  const context = useAmplifyServerContext(event)
  const first = await fetchAuthSession(context)
  const again = await fetchAuthSession(context)
  const access = first.tokens?.accessToken.payload
  return {
    username: access?.username ?? null,
    idTokenUser: first.tokens?.idToken?.payload['cognito:username'] ?? null,
    exp: access?.exp ?? null,
    sameContext: context === useAmplifyServerContext(event),
    sameTokens: first.tokens?.accessToken.toString() === again.tokens?.accessToken.toString(),
  }
})
