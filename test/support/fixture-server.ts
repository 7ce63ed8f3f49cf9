// Extra server processes of the shared basic build (beside @nuxt/test-utils' one), e.g. with server
// sessions switched on at run time, or a second process of the same build.
import { resolve } from 'node:path'
import { fixtureBuildDir } from './fixtures'
import { startServer, type RunningServer } from './compat'
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import { adminClient } from './stack'
import type { StackData } from './stack-data'

export function startBasicServer(env: Record<string, string> = {}, node: { node?: string, nodeFlags?: string[] } = {}): Promise<RunningServer> {
  return startServer(resolve(fixtureBuildDir('basic'), 'output/server/index.mjs'), { env, ...node })
}

/** Whether Cognito (the emulator itself) still refreshes with this refresh token. */
export async function refreshTokenWorks(stack: StackData, clientId: string, refreshToken: string): Promise<boolean> {
  const admin = adminClient({ cognitoUrl: stack.endpoint })
  try {
    await admin.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }))
    return true
  }
  catch (error) {
    if ((error as Error).name === 'NotAuthorizedException') return false
    throw error
  }
  finally {
    admin.destroy()
  }
}
