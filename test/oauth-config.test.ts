// The build-time check of managed-login config (src/oauth-options.ts): each mistake one message that
// names the fix; nothing is asked of apps without OAuth config or without the auth routes.
import { describe, expect, it } from 'vitest'
import { parseAmplifyConfig } from 'aws-amplify/utils'
import { checkManagedLoginConfig } from '../src/oauth-options'

const routes = { enabled: true, prefix: '/api/amplify' }
// A Gen2 amplify_outputs.json with managed login, parsed by Amplify as the module parses it.
function outputs(oauth: Record<string, unknown>) {
  return parseAmplifyConfig({
    version: '1.3',
    auth: {
      aws_region: 'us-east-1',
      user_pool_id: 'us-east-1_x',
      user_pool_client_id: 'client',
      oauth: {
        identity_providers: ['GOOGLE'],
        domain: 'example.auth.us-east-1.amazoncognito.com',
        scopes: ['openid', 'email'],
        redirect_sign_in_uri: ['https://app.example/api/amplify/oauth/callback'],
        redirect_sign_out_uri: ['https://app.example/'],
        response_type: 'code',
        ...oauth,
      },
    },
  } as Parameters<typeof parseAmplifyConfig>[0])
}

describe('managed-login config check', () => {
  it('accepts Gen2 outputs whose redirect URLs include the callback route; nothing is checked without OAuth config or routes', () => {
    expect(() => checkManagedLoginConfig(outputs({}), routes, undefined)).not.toThrow()
    expect(() => checkManagedLoginConfig(outputs({ redirect_sign_in_uri: ['https://app.example/'] }), { ...routes, enabled: false }, undefined)).not.toThrow()
    expect(() => checkManagedLoginConfig(parseAmplifyConfig({ Auth: { Cognito: { userPoolId: 'p', userPoolClientId: 'c' } } }), routes, undefined)).not.toThrow()
  })

  it('Gen1 `oauth` is read the same way', () => {
    const gen1 = parseAmplifyConfig({
      aws_project_region: 'us-east-1',
      aws_user_pools_id: 'us-east-1_x',
      aws_user_pools_web_client_id: 'client',
      oauth: { domain: 'example.auth.us-east-1.amazoncognito.com', scope: ['openid'], redirectSignIn: 'https://app.example/', redirectSignOut: 'https://app.example/', responseType: 'code' },
    } as Parameters<typeof parseAmplifyConfig>[0])
    expect(() => checkManagedLoginConfig(gen1, routes, undefined)).toThrow(/callback route \/api\/amplify\/oauth\/callback.*callbackUrls/)
  })

  it('names the fix: the callback route missing from the redirect URLs, a missing domain, scopes without openid, a bad endpoint', () => {
    expect(() => checkManagedLoginConfig(outputs({ redirect_sign_in_uri: ['https://app.example/'] }), routes, undefined))
      .toThrow(/No redirect URL .* ends in the callback route \/api\/amplify\/oauth\/callback.*Add `https:\/\/<your site>\/api\/amplify\/oauth\/callback`/)
    expect(() => checkManagedLoginConfig(outputs({}), { ...routes, prefix: '/auth' }, undefined)).toThrow(/\/auth\/oauth\/callback/)
    const noDomain = outputs({})
    noDomain.Auth!.Cognito.loginWith!.oauth!.domain = ''
    expect(() => checkManagedLoginConfig(noDomain, routes, undefined)).toThrow(/no domain/)
    expect(() => checkManagedLoginConfig(outputs({ scopes: ['email', 'profile'] }), routes, undefined)).toThrow(/lack 'openid'.*no id token.*anonymous/)
    expect(() => checkManagedLoginConfig(outputs({}), routes, 'auth.example.com')).toThrow(/oauthEndpoint/)
    expect(() => checkManagedLoginConfig(outputs({}), routes, 'http://127.0.0.1:9229')).not.toThrow()
  })
})
