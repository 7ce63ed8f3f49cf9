// The newest Nuxt 3 (3.21, Node 20), laid out as `npm create nuxt@3` writes it (pages/ and server/
// beside this file, the root tsconfig.json plus server/tsconfig.json), with the module and an inline
// config as a new user adds them. The cells install the packed module into a copy of this app
// (test/support/packed-module.ts names it 'nuxt-amplify' there). The pool, the client, the
// managed-login URLs and the session mode come from NUXT_PUBLIC_AMPLIFY_* when the server starts;
// the placeholders here only make the build register every route.
export default defineNuxtConfig({
  modules: ['./.module/src/module'],
  compatibilityDate: '2025-01-01',
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
