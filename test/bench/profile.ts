// Profiles one bench case: `npx jiti test/bench/profile.ts [path=/api/me] [seconds=10]`.
// Starts the emulator and the (already built, see run.ts) with-module app under `node --cpu-prof`,
// drives load at `path` with signed-in users, stops the server so the profile is written, and
// prints the functions with the most self time. The .cpuprofile opens in Chrome DevTools.
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { startStack } from '../support/stack'
import { cookieHeader, signInCookies } from '../support/sign-in'
import { startBenchServer } from './lib/server'
import { runLoad } from './lib/load'

interface ProfileNode { id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }
interface Profile { nodes: ProfileNode[], samples: number[], timeDeltas: number[] }

/** Self time per function (ms), summed over the profile's samples. */
function selfTimes(profile: Profile): [string, number][] {
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const totals = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    const where = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|\.output)\//, '$1/')}:${lineNumber + 1}`
    totals.set(where, (totals.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return [...totals].sort((x, y) => y[1] - x[1])
}

async function main() {
  const [path = '/api/me', seconds = '10'] = process.argv.slice(2)
  const dir = fileURLToPath(new URL('./.data/profiles/', import.meta.url))
  await mkdir(dir, { recursive: true })
  process.env.BENCH_CPU_PROF = dir
  const stack = await startStack({ users: [] })
  try {
    const users = await stack.createUsers(10, { prefix: 'prof' })
    const cookies: string[] = []
    for (const user of users) cookies.push(cookieHeader(await signInCookies(stack, user)))
    const server = await startBenchServer('with-module', stack)
    try {
      const result = await runLoad({ url: server.url, path, cookies, connections: 10, duration: Number(seconds) })
      console.info(`[profile] ${path}: ${Math.round(result.requests / result.seconds)} req/s, ${result.failures} failed`)
    }
    finally {
      await server.stop()
    }
  }
  finally {
    await stack.stop()
  }
  const file = join(dir, (await readdir(dir)).find(name => name.startsWith('with-module'))!)
  const top = selfTimes(JSON.parse(await readFile(file, 'utf8')) as Profile).slice(0, 30)
  for (const [where, ms] of top) console.info(`${ms.toFixed(0).padStart(7)} ms  ${where}`)
  console.info(`[profile] ${file}`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
