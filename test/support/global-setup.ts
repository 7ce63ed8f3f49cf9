// vitest globalSetup: one local Cognito stack per test run, shared by every test file and every
// project that lists this file (shared-setup.ts). Runs in the main vitest process; workers and
// fixture servers find the stack through the JSON file named by NUXT_AMPLIFY_TEST_STACK (inherited
// by the processes spawned after this point) or via inject('amplifyStack').
import { rm } from 'node:fs/promises'
import type { TestProject } from 'vitest/node'
import { startStack } from './stack'
import { startOAuthServer } from './oauth-server'
import { TEST_SESSION_PASSWORD } from './fixtures'
import { sharedSetup } from './shared-setup'
import { DEFAULT_STACK_FILE, STACK_ENV, type StackData, toStackData, writeStackFile } from './stack-data'

declare module 'vitest' {
  export interface ProvidedContext {
    amplifyStack: StackData
  }
}

async function start(): Promise<{ value: StackData, stop: () => Promise<void> }> {
  const started = Date.now()
  // This run's id: directories a run writes (dev builds, compat builds) are named after it.
  process.env.NUXT_AMPLIFY_TEST_RUN ??= String(process.pid)
  const stack = await startStack()
  // Cognito's managed login (OAuth endpoints) for this stack: the emulator has none (oauth-server.ts).
  const oauth = await startOAuthServer(stack).catch(async (error) => {
    await stack.stop()
    throw error
  })
  stack.oauthUrl = oauth.url
  // One file per run (pid): two runs at once (e.g. two developers' terminals) must not share a stack.
  const file = DEFAULT_STACK_FILE.replace(/\.json$/, `.${process.pid}.json`)
  try {
    await writeStackFile(stack, file)
  }
  catch (error) {
    await oauth.stop()
    await stack.stop()
    throw error
  }
  process.env[STACK_ENV] = file
  // The auth routes' sealing secret (fixture servers with `authRoutes` refuse to start without one),
  // inherited like the stack file by every process spawned from here.
  process.env.NUXT_AMPLIFY_SESSION_PASSWORD ??= TEST_SESSION_PASSWORD
  if (process.env.DEBUG_TEST_STACK) console.info(`[test stack] ready in ${Date.now() - started} ms: ${stack.endpoint}`)
  return {
    value: toStackData(stack),
    async stop() {
      await oauth.stop()
      await stack.stop()
      await rm(file, { force: true })
    },
  }
}

export default async function setup(project: TestProject) {
  const { value, release } = await sharedSetup('cognito-stack', start)
  project.provide('amplifyStack', value)
  return release
}
