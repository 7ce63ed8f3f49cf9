// The user pool and app client the server runs with (its runtime config, set from NUXT_PUBLIC_AMPLIFY_CONFIG).
export default defineEventHandler((event) => {
  const cognito = useRuntimeConfig(event).public.amplify.config.Auth?.Cognito
  return { userPoolId: cognito?.userPoolId, userPoolClientId: cognito?.userPoolClientId }
})
