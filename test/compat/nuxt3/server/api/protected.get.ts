export default defineEventHandler(async (event) => {
  const user = await requireAmplifyUser(event)
  return { secret: `for ${user.username}` }
})
