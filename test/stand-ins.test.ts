import { createHash, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { presignUrl, signRequest } from '@aws-amplify/core/internals/aws-client-utils'
import { loadCategories } from './support/categories-data'
import { stackUser } from './support/stack-data'
import { signInCookies } from './support/sign-in'
import { cookieOf, tamper } from './support/forge'
import { toLocalS3Url } from './support/s3-redirect'

// The stand-ins must refuse what AWS refuses, or the Storage tests prove nothing: the identity pool
// checks logins, the S3 proxy checks signatures (test/support/s3-sigv4.ts). The client side here is
// Amplify's own SigV4 signer (what Storage uses), called directly so that a request can be signed
// wrongly on purpose. No app server involved.
const data = loadCategories()
const { stack, identityPool, s3 } = data
const issuerHost = stack.issuer.replace(/^https:\/\//, '')

async function pool(operation: string, body: unknown) {
  const response = await fetch(identityPool.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${operation}` },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() as any }
}

/** Credentials of a new guest identity (or of the login's identity), straight from the pool. */
async function credentialsOf(logins: Record<string, string> = {}) {
  const { body: { IdentityId } } = await pool('GetId', { IdentityPoolId: identityPool.identityPoolId, Logins: logins })
  const { body } = await pool('GetCredentialsForIdentity', { IdentityId, Logins: logins })
  const c = body.Credentials
  return { identityId: IdentityId as string, credentials: { accessKeyId: c.AccessKeyId as string, secretAccessKey: c.SecretKey as string, sessionToken: c.SessionToken as string } }
}
type Credentials = Awaited<ReturnType<typeof credentialsOf>>['credentials']

const s3Url = (key: string) => new URL(`https://${s3.bucket}.s3.us-east-1.amazonaws.com/${key}`)
const sign = (credentials: Credentials, method: string, url: URL, body = '', signingDate = new Date()) => signRequest(
  { method, url, headers: { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') }, body: body || undefined },
  { credentials, signingDate, signingRegion: 'us-east-1', signingService: 's3', uriEscapePath: false },
)
async function send(method: string, url: URL, headers: Record<string, string>, body?: string) {
  const response = await fetch(toLocalS3Url(url, s3.endpoint)!, { method, headers, body })
  return { status: response.status, text: await response.text() }
}
const code = (name: string) => expect.stringContaining(`<Code>${name}</Code>`)

describe('the S3 stand-in checks SigV4 like S3', () => {
  it('a correctly signed request of a known key is served; unsigned, unknown key, wrong secret, other token or changed body are refused', async () => {
    const { credentials } = await credentialsOf()
    const url = s3Url(`public/${randomUUID()}.txt`)
    const signed = sign(credentials, 'PUT', url, 'hello')
    expect(await send('PUT', url, signed.headers, 'hello')).toMatchObject({ status: 200 })

    expect(await send('GET', url, {})).toEqual({ status: 403, text: code('AccessDenied') })
    const unknownKey = sign({ ...credentials, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' }, 'GET', url)
    expect(await send('GET', url, unknownKey.headers)).toEqual({ status: 403, text: code('InvalidAccessKeyId') })
    const wrongSecret = sign({ ...credentials, secretAccessKey: `${credentials.secretAccessKey}x` }, 'GET', url)
    expect(await send('GET', url, wrongSecret.headers)).toEqual({ status: 403, text: code('SignatureDoesNotMatch') })
    const other = await credentialsOf()
    const otherToken = sign({ ...credentials, sessionToken: other.credentials.sessionToken }, 'GET', url)
    expect(await send('GET', url, otherToken.headers)).toEqual({ status: 400, text: code('InvalidToken') })
    expect(await send('PUT', url, signed.headers, 'HELLO')).toEqual({ status: 400, text: code('XAmzContentSHA256Mismatch') })
    const moved = sign(credentials, 'GET', url)
    expect(await send('GET', s3Url(`public/${randomUUID()}.txt`), moved.headers)).toEqual({ status: 403, text: code('SignatureDoesNotMatch') })
  })

  it('a presigned URL works until it expires', async () => {
    const { credentials } = await credentialsOf()
    const url = s3Url(`public/${randomUUID()}.txt`)
    await send('PUT', url, sign(credentials, 'PUT', url, 'x').headers, 'x')
    const presign = (signingDate: Date, expiration: number) => presignUrl({ method: 'GET', url, body: 'UNSIGNED-PAYLOAD' }, { credentials, signingDate, signingRegion: 'us-east-1', signingService: 's3', uriEscapePath: false, expiration })
    expect(await send('GET', presign(new Date(), 60), {})).toEqual({ status: 200, text: 'x' })
    // Signed ten minutes ago for one minute: expired, whatever the clock does during the test.
    expect(await send('GET', presign(new Date(Date.now() - 600_000), 60), {})).toEqual({ status: 403, text: expect.stringMatching(/<Code>AccessDenied<\/Code><Message>Request has expired/) })
  })

  it('the path rules follow the identity of the key: a guest key cannot write a signed-in identity\'s private folder', async () => {
    const idToken = cookieOf(await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password }), 'idToken')
    const alice = await credentialsOf({ [issuerHost]: idToken })
    const guest = await credentialsOf()
    const url = s3Url(`private/${alice.identityId}/${randomUUID()}.txt`)
    expect(await send('PUT', url, sign(guest.credentials, 'PUT', url, 'g').headers, 'g')).toEqual({ status: 403, text: code('AccessDenied') })
    expect(await send('PUT', url, sign(alice.credentials, 'PUT', url, 'a').headers, 'a')).toMatchObject({ status: 200 })
  })
})

describe('the identity-pool stand-in checks logins like Cognito Identity', () => {
  it('accepts a genuine ID token, refuses a tampered one, an access token and an unknown provider', async () => {
    const jar = await signInCookies(stack, { username: 'alice', password: stackUser(stack, 'alice').password })
    const idToken = cookieOf(jar, 'idToken')
    const getId = (logins: Record<string, string>) => pool('GetId', { IdentityPoolId: identityPool.identityPoolId, Logins: logins })
    expect(await getId({ [issuerHost]: idToken })).toMatchObject({ status: 200, body: { IdentityId: expect.stringMatching(/^us-east-1:/) } })
    expect(await getId({ [issuerHost]: tamper(idToken, { sub: randomUUID() }) })).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
    expect(await getId({ [issuerHost]: cookieOf(jar, 'accessToken') })).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
    expect(await getId({ 'accounts.google.com': idToken })).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
  })
})
