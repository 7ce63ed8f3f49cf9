// `npm run bench:srp`: the server CPU one USER_SRP_AUTH sign-in costs the module (SRP_A, then the
// PASSWORD_VERIFIER signature: the two large modular exponentiations, hashes and HMACs), with OpenSSL's
// modular exponentiation (node:crypto, what Node uses) and with BigInt (what runtimes without node:crypto
// use), side by side in one run. Alternating rounds (native, BigInt, BigInt, native, …) so that noise
// from a shared machine hits both alike; CPU time of this process (process.cpuUsage, user + system), so
// other processes' load counts less than in wall time. Cognito's side (B, salt, secret block) is made
// before each round and not counted. The rest of the sign-in route (HTTP, two Cognito round trips, token
// checks, cookies) is the same for both and is what `npm run bench` measures per request.
// Knobs (env): SRP_BENCH_ROUNDS (default 10), SRP_BENCH_SIGN_INS per round (default 10). Writes
// test/bench/srp-results.json (SRP_BENCH_OUT overrides) and prints the figures.
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { cpus, loadavg } from 'node:os'
import { N, passwordClaimSignature, srpClient, srpTimestamp } from '../../src/runtime/server/cognito/srp-math'
import { bigIntModPow, nativeModPow, type ModPow } from '../../src/runtime/server/cognito/srp-mod-pow'
import { passwordChallenge, type PasswordChallenge } from '../support/srp-math'

const rounds = Number(process.env.SRP_BENCH_ROUNDS ?? 10)
const signInsPerRound = Number(process.env.SRP_BENCH_SIGN_INS ?? 10)
const outFile = process.env.SRP_BENCH_OUT || fileURLToPath(new URL('./srp-results.json', import.meta.url))

const native = nativeModPow(N)
if (!native) throw new Error('node:crypto cannot do the modular exponentiation on this Node (srp-mod-pow.ts)')
const engines: Record<'native' | 'bigint', ModPow> = { native, bigint: bigIntModPow(N) }

/** Cognito's side of one sign-in, made ahead (not measured): what its PASSWORD_VERIFIER challenge carries. */
function cognitoChallenge(): PasswordChallenge {
  return passwordChallenge('BenchPool', srpTimestamp())
}

/** CPU ms of `claims.length` sign-ins with one engine; each signature is then checked (not measured). */
async function round(modPow: ModPow, claims: PasswordChallenge[]): Promise<number> {
  const results: Array<{ A: bigint, signature: string }> = []
  const start = process.cpuUsage()
  for (const { check: _check, ...claim } of claims) {
    const client = srpClient(modPow)
    results.push({ A: client.A, signature: await passwordClaimSignature(client, claim, modPow) })
  }
  const used = process.cpuUsage(start)
  results.forEach(({ A, signature }, i) => {
    if (!claims[i]!.check(A, signature)) throw new Error('a signature Cognito would refuse')
  })
  return (used.user + used.system) / 1000
}

async function main() {
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), node: process.version, openssl: process.versions.openssl, loadBefore: loadavg() }
  const totals = { native: 0, bigint: 0 }
  await round(engines.native, [cognitoChallenge()]) // warm-up: the Diffie-Hellman object, JIT
  await round(engines.bigint, [cognitoChallenge()])
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? (['bigint', 'native'] as const) : (['native', 'bigint'] as const)
    for (const engine of order) {
      const claims = Array.from({ length: signInsPerRound }, cognitoChallenge)
      totals[engine] += await round(engines[engine], claims)
    }
  }
  const signIns = rounds * signInsPerRound
  const perSignIn = { native: +(totals.native / signIns).toFixed(2), bigint: +(totals.bigint / signIns).toFixed(2) }
  const results = {
    date: new Date().toISOString(),
    machine: { ...machine, loadAfter: loadavg() },
    settings: { rounds, signInsPerRound },
    cpuMsPerSignIn: perSignIn,
    signInsPerSecondPerCore: { native: Math.round(1000 / perSignIn.native), bigint: Math.round(1000 / perSignIn.bigint) },
    ratio: +(perSignIn.bigint / perSignIn.native).toFixed(1),
  }
  await writeFile(outFile, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`SRP sign-in, server CPU (${signIns} sign-ins each, Node ${machine.node}, OpenSSL ${machine.openssl}, ${machine.cpuModel})`)
  console.log(`  node:crypto (OpenSSL): ${perSignIn.native} ms/sign-in, ${results.signInsPerSecondPerCore.native} sign-ins/s per core`)
  console.log(`  BigInt:                ${perSignIn.bigint} ms/sign-in, ${results.signInsPerSecondPerCore.bigint} sign-ins/s per core`)
  console.log(`  BigInt / native: ${results.ratio}× the CPU (target ≥ 5×)`)
  console.log(`Wrote ${outFile}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
