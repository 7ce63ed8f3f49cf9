// A user pool of its own with the quiz's custom-auth triggers (custom-auth-triggers.ts) in its
// LambdaConfig, and an app client that allows the custom flow, for the custom-auth tests.
import { randomBytes } from 'node:crypto'
import { CreateUserPoolClientCommand, CreateUserPoolCommand, type ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider'
import { quizLambdaConfig } from './custom-auth-triggers'
import { adminClient, createUser, DEFAULT_PASSWORD } from './stack'
import type { StackData, StackUser } from './stack-data'

const FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']

/** The stack re-pointed at a new pool (`lambdaConfig` default: the quiz) and client (`flows` default: custom, SRP, refresh). */
export async function customAuthPool(stack: StackData, options: { lambdaConfig?: Record<string, string>, flows?: ExplicitAuthFlowsType[] } = {}): Promise<StackData> {
  const admin = adminClient(stack)
  try {
    const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: `custom-auth-${randomBytes(3).toString('hex')}`, AutoVerifiedAttributes: ['email'], LambdaConfig: options.lambdaConfig ?? quizLambdaConfig() }))
    const userPoolId = UserPool!.Id!
    const client = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: options.flows ?? FLOWS }))
    const clientId = client.UserPoolClient!.ClientId!
    return { ...stack, userPoolId, clientId, shortClientId: clientId, issuer: `${stack.issuerDomain}/${userPoolId}`, jwksUrl: `${stack.endpoint}/${userPoolId}/.well-known/jwks.json`, users: [] }
  }
  finally {
    admin.destroy()
  }
}

/** A new confirmed user of that pool with a permanent password. */
export async function customAuthUser(pool: StackData, prefix = 'quiz'): Promise<StackUser> {
  const username = `${prefix}-${randomBytes(4).toString('hex')}`
  return await createUser(pool, { username, email: `${username}@example.com`, name: username, password: DEFAULT_PASSWORD })
}
