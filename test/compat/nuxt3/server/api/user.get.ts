export default defineEventHandler(async event => ({ user: await getAmplifyUser(event) }))
