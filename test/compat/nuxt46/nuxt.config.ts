// The newest Nuxt 4 (4.6: Vite 8 on rolldown, Node 22 or newer), laid out as `npm create nuxt@latest`
// writes it (app/, server/, the starter tsconfig), with the module and an inline config as a new user
// adds them. The module source is copied to .module/ before each build (test/support/compat.ts).
// The pool, the client, the managed-login URLs and the session mode come from NUXT_PUBLIC_AMPLIFY_*
// when the server starts; the placeholders here only make the build register every route.
export default defineNuxtConfig({
  modules: ['./.module/src/module'],
  compatibilityDate: '2025-07-15',
  amplify: {
    config: {
      Auth: {
        Cognito: {
          userPoolId: 'local_placeholder',
          userPoolClientId: 'placeholder',
          loginWith: {
            oauth: {
              domain: 'auth.nuxt-amplify.test',
              scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
              redirectSignIn: ['http://localhost:3000/api/amplify/oauth/callback'],
              redirectSignOut: ['http://localhost:3000/'],
              responseType: 'code',
              providers: ['Google'],
            },
          },
        },
      },
    },
    authRoutes: true,
  },
})
