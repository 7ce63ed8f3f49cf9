// Server CPU of one passwordless sign-in through the module's routes (USER_AUTH with EMAIL_OTP: POST
// sign-in, then POST confirm-sign-in with the e-mail code), next to an SRP sign-in (POST sign-in with
// USER_SRP_AUTH, the module's default) on the same server process: the basic build with server
// sessions against a USER_AUTH pool in the run's emulator. CPU time of the server process (user +
// system from /proc/<pid>/stat, Linux, 10 ms ticks: summed over many sign-ins), taken around each
// sign-in's requests only (waiting for the code is not counted); the two kinds alternate so that a
// shared machine's load hits both alike. Everything the server does for a sign-in is counted: HTTP,
// body parsing, Cognito round trips, SRP maths, token verification, sealed state, cookies.
// `npm run bench:passwordless` sets PASSWORDLESS_BENCH_SIGN_INS=40 and writes
// test/bench/passwordless-results.json; in the suite it runs 4 of each as a smoke check, writing nothing.
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../support/compat'
import { startBasicServer } from '../support/fixture-server'
import { RouteClient } from '../support/auth-routes'
import { loadStack, type StackData, type StackUser } from '../support/stack-data'
import { codeLogMark, waitForCode } from '../support/codes'
import { userAuthPool, userAuthUser } from '../support/user-auth-pool'

const stack = loadStack()
const measuring = process.env.PASSWORDLESS_BENCH_SIGN_INS !== undefined
const signIns = Number(process.env.PASSWORDLESS_BENCH_SIGN_INS ?? 4)
const outFile = fileURLToPath(new URL('./passwordless-results.json', import.meta.url))
let pool: StackData
let server: RunningServer
let user: StackUser

beforeAll(async () => {
  pool = await userAuthPool(stack)
  user = await userAuthUser(pool, 'bench')
  server = await startBasicServer({
    NUXT_PUBLIC_AMPLIFY_SESSION: 'server',
    NUXT_PUBLIC_AMPLIFY_CONFIG: JSON.stringify({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: stack.endpoint } } }),
    NUXT_PUBLIC_AMPLIFY_TOKEN_ISSUER: pool.issuer,
  })
}, 300_000)
afterAll(() => server?.stop())

/** The server process's CPU time so far, in ms (utime + stime, fields 14 and 15 of /proc/<pid>/stat). */
function serverCpuMs(): number {
  const stat = readFileSync(`/proc/${server.pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10 // (USER_HZ is 100 on Linux)
}

async function emailOtpSignIn(): Promise<number> {
  const browser = new RouteClient(server.url)
  const mark = codeLogMark(pool)
  let cpu = serverCpuMs()
  const first = await browser.post('signIn', { username: user.username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } })
  let used = serverCpuMs() - cpu
  expect(first.body).toMatchObject({ nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } })
  const code = await waitForCode(pool, user.username, { after: mark, medium: 'EMAIL' })
  cpu = serverCpuMs()
  const done = await browser.post('confirmSignIn', { challengeResponse: code })
  used += serverCpuMs() - cpu
  expect(done.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
  return used
}

async function srpSignIn(): Promise<number> {
  const browser = new RouteClient(server.url)
  const cpu = serverCpuMs()
  const done = await browser.post('signIn', { username: user.username, password: user.password })
  const used = serverCpuMs() - cpu
  expect(done.body).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
  return used
}

describe('bench: server CPU per sign-in through the routes', () => {
  it(`EMAIL_OTP (passwordless) and SRP, ${signIns} of each, alternating`, async () => {
    // Warm-up (not counted): JIT, the JWKS fetch, the first sealing.
    for (let i = 0; i < 3; i++) {
      await emailOtpSignIn()
      await srpSignIn()
    }
    const totals = { emailOtp: 0, srp: 0 }
    for (let i = 0; i < signIns; i++) {
      if (i % 2) {
        totals.srp += await srpSignIn()
        totals.emailOtp += await emailOtpSignIn()
      }
      else {
        totals.emailOtp += await emailOtpSignIn()
        totals.srp += await srpSignIn()
      }
    }
    const perSignIn = { emailOtp: +(totals.emailOtp / signIns).toFixed(1), srp: +(totals.srp / signIns).toFixed(1) }
    const results = { date: new Date().toISOString(), machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), node: process.version, load: loadavg() }, signIns, serverCpuMsPerSignIn: perSignIn }
    if (measuring) await writeFile(outFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(`Server CPU per sign-in through the routes (${signIns} each, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}):`)
    console.log(`  EMAIL_OTP (sign-in + confirm-sign-in): ${perSignIn.emailOtp} ms`)
    console.log(`  SRP (sign-in):                         ${perSignIn.srp} ms`)
    expect(totals.emailOtp).toBeGreaterThan(0)
    expect(totals.srp).toBeGreaterThan(0)
  }, 600_000)
})
