// Extra server processes of the shared basic build (beside @nuxt/test-utils' one), e.g. with server
// sessions switched on at run time, or a second process of the same build.
import { resolve } from 'node:path'
import { beforeAll } from 'vitest'
import { fixtureBuildDir, fixtureDir } from './fixtures'
import { BUILD_TIMEOUT, ensureFixtureBuild, fixtureRuntimeEnv } from './fixture-builds'
import { startServer, type RunningServer } from './compat'
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import { adminClient } from './stack'
import type { StackData } from './stack-data'

// The build first, in a hook of the importing file (a cold build does not fit in a test's timeout).
beforeAll(() => ensureFixtureBuild(fixtureDir('basic')), BUILD_TIMEOUT)

/** A server of the basic fixture's build with this run's services (fixture-builds.ts); `env` wins. */
export async function startBasicServer(env: Record<string, string> = {}, node: { node?: string, nodeFlags?: string[] } = {}): Promise<RunningServer> {
  const runtime = await fixtureRuntimeEnv(fixtureDir('basic'))
  return startServer(resolve(fixtureBuildDir('basic'), 'output/server/index.mjs'), { env: { ...runtime, ...env }, ...node })
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
