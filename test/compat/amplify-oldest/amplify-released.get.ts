import { fetchAuthSession } from 'aws-amplify/auth/server'

// Test-only: keeps the previous request's context (exactly what an app must never do) to show that
// the module released it when that response finished: Amplify no longer knows it.
let previous: ReturnType<typeof useAmplifyServerContext> | undefined
export default defineEventHandler(async (event) => {
  const stale = previous
  previous = useAmplifyServerContext(event)
  await fetchAuthSession(previous) // this request's own context works
  if (!stale) return { previous: null }
  try {
    await fetchAuthSession(stale)
    return { previous: 'still usable' }
  }
  catch (error) {
    return { previous: (error as Error).name }
  }
})
