// `npm run dev`: the playground on a local Cognito emulator, no AWS account needed.
// With playground/amplify_outputs.json present (your real backend), it only runs `nuxi dev`.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync, unwatchFile, watchFile } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { startStack } from '../test/support/stack'
import { startOAuthServer } from '../test/support/oauth-server'
import { oauthOutputs } from '../test/support/stack-data'

const playground = fileURLToPath(new URL('.', import.meta.url))
const DEMO = { username: 'demo@example.com', email: 'demo@example.com', name: 'Demo User', password: 'Passw0rd!demo' }

// `npm run dev -- --server-sessions`: HttpOnly server sessions (the module's `session: 'server'`),
// set at run time through the public runtime config; every other argument goes to `nuxi dev`.
const SERVER_SESSIONS_FLAG = '--server-sessions'
const serverSessions = process.argv.includes(SERVER_SESSIONS_FLAG)
const nuxiArgs = process.argv.slice(2).filter(arg => arg !== SERVER_SESSIONS_FLAG)

function runNuxtDev(env: NodeJS.ProcessEnv): Promise<number> {
  const nuxi = fileURLToPath(new URL('../node_modules/.bin/nuxi', import.meta.url))
  const child = spawn(nuxi, ['dev', playground, ...nuxiArgs], {
    stdio: 'inherit',
    env: { ...process.env, ...serverSessions && { NUXT_PUBLIC_AMPLIFY_SESSION: 'server' }, ...env },
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  return new Promise(resolve => child.on('exit', code => resolve(code ?? 0)))
}

/**
 * Sign-up on the emulator: cognito-local "sends" the confirmation code by logging it. This prints
 * each new code in the dev terminal, so the playground's sign-up page can be completed.
 */
function printConfirmationCodes(logFile: string): () => void {
  let offset = existsSync(logFile) ? statSync(logFile).size : 0
  let username = ''
  watchFile(logFile, { interval: 500 }, () => {
    const bytes = readFileSync(logFile).subarray(offset)
    offset += bytes.length
    // The emulator logs a box with `Username: …` and, a few lines below, `Code: …`.
    for (const line of bytes.toString('utf8').split('\n')) {
      username = /Username:\s+(\S+)/.exec(line)?.[1] ?? username
      const code = /Code:\s+(\d+)/.exec(line)?.[1]
      if (code) console.info(`[playground] Confirmation code for ${username}: ${code}`)
    }
  })
  return () => unwatchFile(logFile)
}

async function main() {
  if (existsSync(new URL('./amplify_outputs.json', import.meta.url))) {
    console.info('[playground] Using playground/amplify_outputs.json (your Amplify backend).')
    process.exitCode = await runNuxtDev({})
    return
  }
  const stack = await startStack({ users: [DEMO] })
  // Managed login ("Sign in with Google" on /managed-login) through the stand-in for Cognito's domain.
  const oauth = await startOAuthServer(stack)
  const origins = ['http://localhost:3000', 'http://127.0.0.1:3000']
  const managedLogin = oauthOutputs(origins)
  oauth.register({ redirectUris: managedLogin.redirect_sign_in_uri, logoutUris: managedLogin.redirect_sign_out_uri })
  try {
    await mkdir(new URL('./.data/', import.meta.url), { recursive: true })
    const outputs = stack.outputs()
    await writeFile(new URL('./.data/amplify_outputs.local.json', import.meta.url), JSON.stringify({ ...outputs, auth: { ...outputs.auth, oauth: managedLogin } }, null, 2))
    console.info([
      '',
      '[playground] Local Cognito emulator (cognito-local) is running; no AWS account is used.',
      `[playground]   user pool ${stack.userPoolId} at ${stack.endpoint}`,
      `[playground]   demo user: ${DEMO.username}  password: ${DEMO.password}`,
      `[playground]   managed login (stand-in, "Google" is a fake account chooser): ${oauth.url}`,
      `[playground]   sessions: ${serverSessions || process.env.NUXT_PUBLIC_AMPLIFY_SESSION === 'server' ? 'server (HttpOnly cookies)' : `browser (add ${SERVER_SESSIONS_FLAG} for HttpOnly server sessions)`}`,
      '[playground]   sign-up confirmation codes are printed here as they are sent',
      '',
    ].join('\n'))
    const stopCodes = printConfirmationCodes(stack.cognitoLogFile)
    process.exitCode = await runNuxtDev({ NUXT_PUBLIC_AMPLIFY_USER_POOL_ENDPOINT: stack.endpoint, NUXT_PUBLIC_AMPLIFY_OAUTH_ENDPOINT: oauth.url })
    stopCodes()
  }
  finally {
    await oauth.stop()
    await stack.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
