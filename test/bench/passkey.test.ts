// The server CPU of one passkey sign-in through the routes (server sessions): POST sign-in with
// USER_AUTH / WEB_AUTHN (Cognito's request options back), then POST confirm-sign-in with the
// assertion (Cognito verifies it; the server writes the HttpOnly session). Beside it, for scale, one
// SRP password sign-in through the same server (the module's default; its CPU is mostly SRP's two
// 3072-bit exponentiations, docs/internals/benchmark.md#srp-sign-ins). Alternating rounds, CPU time of
// the server process alone (/proc/<pid>/stat, user + system): the shim (Cognito's side, WebAuthn
// verification included) and this process's assertion signing run elsewhere and are not counted.
// Passkeys are made in Node (test/support/software-passkey.ts): no browser in the loop.
// Knobs (env): PASSKEY_BENCH_ROUNDS (default 2), PASSKEY_BENCH_SIGN_INS per round and kind (default 10);
// PASSKEY_BENCH_OUT=<file> writes the figures as JSON. Checks only that every sign-in succeeded.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../support/compat'
import { startBasicServer } from '../support/fixture-server'
import { RouteClient } from '../support/auth-routes'
import { loadStack, type StackData, type StackUser } from '../support/stack-data'
import { PASSKEY_HOST, passkeyPool } from '../support/passkey-pool'
import { userAuthUser } from '../support/user-auth-pool'
import { registerSoftwarePasskey } from '../support/software-passkey'
import { forgeAssertion } from '../support/passkey-forge'
import type { VirtualCredential } from '../support/virtual-authenticator'

const stack = loadStack()
const rounds = Number(process.env.PASSKEY_BENCH_ROUNDS ?? 2)
const perRound = Number(process.env.PASSKEY_BENCH_SIGN_INS ?? 10)
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
let pool: StackData
let server: RunningServer
let user: StackUser
let passkey: VirtualCredential
let origin: string

/** CPU ms the process has used (Linux: utime + stime of /proc/<pid>/stat). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

async function cognito(operation: string, body: unknown): Promise<any> {
  const res = await fetch(stack.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` }, body: JSON.stringify(body) })
  const json = await res.json()
  if (!res.ok) throw new Error(`${operation}: ${JSON.stringify(json)}`)
  return json
}

beforeAll(async () => {
  pool = await passkeyPool(stack)
  server = await startBasicServer({
    NUXT_PUBLIC_AMPLIFY_SESSION: 'server',
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
  })
  origin = `http://${PASSKEY_HOST}:${new URL(server.url).port}`
  user = await userAuthUser(pool, 'bench-passkey')
  const signedIn = await cognito('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: user.username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: user.password } })
  passkey = await registerSoftwarePasskey(cognito, signedIn.AuthenticationResult.AccessToken, origin)
}, 120_000)
afterAll(() => server?.stop())

async function passkeySignIn(): Promise<unknown> {
  const browser = new RouteClient(server.url)
  const first = await browser.post<any>('signIn', { username: user.username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } })
  const { challenge } = first.body.nextStep.credentialRequestOptions
  passkey.signCount++
  const assertion = forgeAssertion({ credential: passkey, challenge, origin, rpId: PASSKEY_HOST, counter: passkey.signCount })
  return (await browser.post('confirmSignIn', { challengeResponse: JSON.stringify(assertion) })).body
}
async function srpSignIn(): Promise<unknown> {
  return (await new RouteClient(server.url).post('signIn', { username: user.username, password: user.password })).body
}

describe('server CPU per sign-in through the routes', () => {
  it('passkey (USER_AUTH / WEB_AUTHN) and, for scale, SRP', async () => {
    const kinds = { passkey: passkeySignIn, srp: srpSignIn }
    const totals = { passkey: 0, srp: 0 }
    const DONE = { isSignedIn: true, nextStep: { signInStep: 'DONE' } }
    for (const run of Object.values(kinds)) expect(await run()).toEqual(DONE) // warm-up
    const loadBefore = loadavg()
    for (let r = 0; r < rounds; r++) {
      for (const kind of (r % 2 ? ['srp', 'passkey'] : ['passkey', 'srp']) as Array<keyof typeof kinds>) {
        const start = cpuMs(server.pid!)
        for (let i = 0; i < perRound; i++) expect(await kinds[kind]()).toEqual(DONE)
        totals[kind] += cpuMs(server.pid!) - start
      }
    }
    const signIns = rounds * perRound
    const results = {
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), node: process.version, loadBefore, loadAfter: loadavg() },
      settings: { rounds, signInsPerRound: perRound, tickMs: TICK_MS },
      serverCpuMsPerSignIn: { passkey: +(totals.passkey / signIns).toFixed(2), srp: +(totals.srp / signIns).toFixed(2) },
    }
    console.log(`server CPU per sign-in through the routes (${signIns} each): passkey ${results.serverCpuMsPerSignIn.passkey} ms, SRP ${results.serverCpuMsPerSignIn.srp} ms`)
    if (process.env.PASSKEY_BENCH_OUT) writeFileSync(process.env.PASSKEY_BENCH_OUT, `${JSON.stringify(results, null, 2)}\n`)
  }, 600_000)
})
