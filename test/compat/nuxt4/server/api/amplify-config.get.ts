// The user pool and app client the server runs with (from the config file read at build time).
export default defineEventHandler((event) => {
  const cognito = useRuntimeConfig(event).public.amplify.config.Auth?.Cognito
  return { userPoolId: cognito?.userPoolId, userPoolClientId: cognito?.userPoolClientId }
})
