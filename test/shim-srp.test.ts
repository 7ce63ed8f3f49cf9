// SRP through the emulator shim (test/support/shim-srp.ts), driven by Amplify's own client:
// `signIn` without authFlowType uses USER_SRP_AUTH. Real traffic is observed (and, for the
// forgery cases, altered) by wrapping the global fetch Amplify sends its requests with.
import { randomBytes } from 'node:crypto'
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { CreateUserPoolClientCommand, type ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider'
import { adminClient, createUser, DEFAULT_PASSWORD } from './support/stack'
import { loadStack, type StackUser } from './support/stack-data'
import { createMemoryContext } from './support/sign-in'
import { cognitoCall, observeCognito, stopObservingCognito } from './support/cognito-calls'

const stack = loadStack()
const jwks = createRemoteJWKSet(new URL(stack.jwksUrl))

async function newUser(): Promise<StackUser> {
  const name = `srp-${randomBytes(4).toString('hex')}`
  return await createUser(stack, { username: name, email: `${name}@example.com`, name, password: DEFAULT_PASSWORD })
}

afterEach(stopObservingCognito)
const shim = (operation: string, body: unknown) => cognitoCall(stack, operation, body)
const incorrect = { status: 400, body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } }

describe('USER_SRP_AUTH through the shim', () => {
  it('Amplify\'s default signIn (SRP) succeeds; the tokens verify against the emulator\'s JWKS and refresh', async () => {
    const user = await newUser()
    const { ctx } = createMemoryContext(stack)
    const calls = observeCognito()
    const result = await signIn(ctx, { username: user.username, password: user.password })
    expect(result).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    expect(calls.map(c => [c.operation, c.body.AuthFlow ?? c.body.ChallengeName])).toEqual([
      ['InitiateAuth', 'USER_SRP_AUTH'],
      ['RespondToAuthChallenge', 'PASSWORD_VERIFIER'],
    ])
    expect(Object.keys(calls[0]!.reply.ChallengeParameters).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP'])

    const { tokens } = await fetchAuthSession(ctx)
    const { payload } = await jwtVerify(tokens!.idToken!.toString(), jwks, { issuer: stack.issuer, audience: stack.clientId })
    expect(payload).toMatchObject({ 'cognito:username': user.username, 'email': user.email })
    await jwtVerify(tokens!.accessToken.toString(), jwks, { issuer: stack.issuer })
    // The refresh token is one cognito-local stored: a forced refresh gets new tokens.
    const refreshed = await fetchAuthSession(ctx, { forceRefresh: true })
    expect(refreshed.tokens?.accessToken.payload.username).toBe(user.username)
  })

  it('refresh tokens from SRP sign-ins are revoked by a global sign-out, like password sign-in ones', async () => {
    const user = await newUser()
    const { ctx, storage } = createMemoryContext(stack)
    await signIn(ctx, { username: user.username, password: user.password })
    const refreshToken = [...storage.items].find(([key]) => key.endsWith('.refreshToken'))![1]
    await signOut(ctx, { global: true })
    expect(await shim('GetTokensFromRefreshToken', { ClientId: stack.clientId, RefreshToken: refreshToken }))
      .toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } })
  })

  it('a wrong password is refused with Cognito\'s error, and so is an unknown user', async () => {
    const user = await newUser()
    const { ctx } = createMemoryContext(stack)
    await expect(signIn(ctx, { username: user.username, password: `${user.password}x` }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
    await expect(signIn(ctx, { username: `nobody-${randomBytes(4).toString('hex')}`, password: user.password }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
  })

  it('a PASSWORD_VERIFIER answer cannot be replayed, and a forged signature or secret block is refused', async () => {
    const user = await newUser()
    const calls = observeCognito()
    await signIn(createMemoryContext(stack).ctx, { username: user.username, password: user.password })
    const verifier = calls.find(c => c.body.ChallengeName === 'PASSWORD_VERIFIER')!
    expect(verifier.status).toBe(200)
    // The genuine answer, sent again: its secret block is used up.
    expect(await shim('RespondToAuthChallenge', verifier.body)).toEqual(incorrect)

    // A fresh challenge answered with a signature that is off by one bit.
    const flipBit = (signature: string) => {
      const bytes = Buffer.from(signature, 'base64')
      bytes[0]! ^= 1
      return bytes.toString('base64')
    }
    observeCognito((operation, body) => body.ChallengeName === 'PASSWORD_VERIFIER'
      ? { ...body, ChallengeResponses: { ...body.ChallengeResponses, PASSWORD_CLAIM_SIGNATURE: flipBit(body.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE) } }
      : body)
    await expect(signIn(createMemoryContext(stack).ctx, { username: user.username, password: user.password }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' })

    // A correct signature over a secret block the shim never issued.
    const forgedBlock = randomBytes(256).toString('base64')
    const forged = { ...verifier.body, ChallengeResponses: { ...verifier.body.ChallengeResponses, PASSWORD_CLAIM_SECRET_BLOCK: forgedBlock } }
    expect(await shim('RespondToAuthChallenge', forged)).toEqual(incorrect)

    // An issued block answered for another user, or from another app client.
    const start = await shim('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: stack.clientId, AuthParameters: { USERNAME: user.username, SRP_A: 'abc123' } })
    expect(start.status).toBe(200)
    const other = { ...verifier.body, ClientId: stack.shortClientId, ChallengeResponses: { ...verifier.body.ChallengeResponses, PASSWORD_CLAIM_SECRET_BLOCK: start.body.ChallengeParameters.SECRET_BLOCK } }
    expect(await shim('RespondToAuthChallenge', other)).toEqual(incorrect)
  })

  it('bad SRP_A, missing USERNAME and unknown clients are 4xx errors, never 500', async () => {
    const init = (ClientId: string, AuthParameters: Record<string, string>) => shim('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId, AuthParameters })
    expect(await init(stack.clientId, { USERNAME: 'alice', SRP_A: '0' })).toMatchObject({ status: 400, body: { __type: 'InvalidParameterException' } })
    expect(await init(stack.clientId, { USERNAME: 'alice', SRP_A: 'not hex' })).toMatchObject({ status: 400, body: { __type: 'InvalidParameterException' } })
    expect(await init(stack.clientId, { SRP_A: 'abc' })).toMatchObject({ status: 400, body: { __type: 'InvalidParameterException' } })
    expect(await init('no-such-client', { USERNAME: 'alice', SRP_A: 'abc' })).toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException' } })
    expect(await shim('RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId: stack.clientId })).toEqual(incorrect)
  })

  it('an app client allows only the flows it lists, as in Cognito', async () => {
    const user = await newUser()
    const clientWith = async (flows: ExplicitAuthFlowsType[]) => {
      const admin = adminClient(stack)
      try {
        const { UserPoolClient } = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientName: 'flows', ExplicitAuthFlows: flows }))
        return UserPoolClient!.ClientId!
      }
      finally {
        admin.destroy()
      }
    }
    const srpOnly = createMemoryContext(stack, { clientId: await clientWith(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']) }).ctx
    expect(await signIn(srpOnly, { username: user.username, password: user.password })).toMatchObject({ isSignedIn: true })
    await expect(signIn(createMemoryContext(stack, { clientId: await clientWith(['ALLOW_USER_SRP_AUTH']) }).ctx, { username: user.username, password: user.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } }))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client' })
    const passwordOnly = createMemoryContext(stack, { clientId: await clientWith(['ALLOW_USER_PASSWORD_AUTH']) }).ctx
    await expect(signIn(passwordOnly, { username: user.username, password: user.password }))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'USER_SRP_AUTH is not enabled for the client.' })
  })
})
