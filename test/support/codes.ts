// The codes the emulator "sends" (sign-up confirmation, forgot password...), read back from
// cognito-local's log, and the codes the shim sends itself (SMS_MFA, EMAIL_OTP: shim-codes.ts),
// read from `shim-codes.log` beside that log; from any process holding StackData
// (StackData.cognitoLogFile).
//
// cognito-local 5.3.0 delivers every message with services/messageDelivery/consoleMessageSender.js:
// one boxen box per message, logged through pino-pretty, e.g.
//   │   Confirmation Code Delivery   │
//   │   Username:    alice           │
//   │   Destination: alice@ex…       │
//   │   Code:        123456          │
// Usage: take a mark before the call that sends the code, then wait for the code after it:
//   const mark = codeLogMark(stack); await signUp(...); const code = await waitForCode(stack, 'carol', { after: mark })
// Shim codes name their medium and destination: waitForCode(stack, 'carol', { after: mark, medium: 'SMS' }).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { type CodeMedium, SHIM_CODE_LOG, type ShimCodeDelivery } from './shim-codes'
import type { StackData } from './stack-data'

export interface DeliveredCode {
  username: string
  code: string
  destination?: string
  /** Shim deliveries only: SMS or EMAIL, and the challenge the code answers (SMS_MFA, EMAIL_OTP, ...). */
  medium?: CodeMedium
  purpose?: string
}
/** Where both logs ended when the mark was taken (a plain number: the emulator's log only). */
export interface CodeLogMark { emulator: number, shim: number }

const ANSI = /\x1B\[[0-9;]*m/g // eslint-disable-line no-control-regex
const MARKER = 'Confirmation Code Delivery'

function logFileOf(stack: Pick<StackData, 'cognitoLogFile'>): string {
  if (!stack.cognitoLogFile) throw new Error('StackData has no cognitoLogFile (stack started by an older stack.ts?)')
  return stack.cognitoLogFile
}

function shimLogOf(stack: Pick<StackData, 'cognitoLogFile'>): string {
  return join(dirname(logFileOf(stack)), SHIM_CODE_LOG)
}

const sizeOf = (file: string) => existsSync(file) ? statSync(file).size : 0

/** The current end of both logs: codes delivered later are "after" it. */
export function codeLogMark(stack: Pick<StackData, 'cognitoLogFile'>): CodeLogMark {
  return { emulator: sizeOf(logFileOf(stack)), shim: sizeOf(shimLogOf(stack)) }
}

/** Every code delivery logged after the mark (emulator's first, then the shim's; each oldest first). */
export function deliveredCodes(stack: Pick<StackData, 'cognitoLogFile'>, after: number | CodeLogMark = 0): DeliveredCode[] {
  const mark = typeof after === 'number' ? { emulator: after, shim: 0 } : after
  return [...emulatorCodes(logFileOf(stack), mark.emulator), ...shimCodes(shimLogOf(stack), mark.shim)]
}

function shimCodes(file: string, after: number): DeliveredCode[] {
  if (!existsSync(file)) return []
  // Only whole lines count: a line being appended right now is read on the next look.
  const lines = readFileSync(file).subarray(after).toString('utf8').split('\n').slice(0, -1)
  return lines.map((line) => {
    const { username, code, destination, medium, purpose } = JSON.parse(line) as ShimCodeDelivery
    return { username, code, destination, medium, purpose }
  })
}

function emulatorCodes(file: string, after: number): DeliveredCode[] {
  const text = readFileSync(file).subarray(after).toString('utf8').replace(ANSI, '')
  return text.split(MARKER).slice(1).map((box) => {
    // A box ends at its bottom border (╰…╯); only the lines up to it belong to this delivery.
    const body = box.split('╰')[0] ?? ''
    const field = (name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(body)?.[1]
    return { username: field('Username') ?? '', code: field('Code') ?? '', destination: field('Destination') }
  }).filter(entry => entry.username && entry.code)
}

export interface WaitForCodeOptions {
  /** From codeLogMark(): only codes logged later count. Default: the whole logs. */
  after?: number | CodeLogMark
  /** Only codes the shim sent by this medium (the emulator's own codes name none). */
  medium?: CodeMedium
  /** Only codes sent to this phone number or address. */
  destination?: string
  /** Give up after this long (the emulator logs before it answers, so the code is usually there at once). */
  timeoutMs?: number
}

/**
 * The newest code delivered to `username` after the mark. The emulator logs through pino-pretty's
 * asynchronous stdout writer (sonic-boom), which can hold a line back until the NEXT log write: the
 * code of the last call before a quiet spell then stays out of the file indefinitely (seen after a
 * ForgotPassword, the shim's ResendConfirmationCode). So while the code is missing, poke the emulator
 * with a request it logs (an unsupported target, harmless) to make it write out what it holds.
 */
export async function waitForCode(stack: Pick<StackData, 'cognitoLogFile'> & Partial<Pick<StackData, 'cognitoUrl'>>, username: string, options: WaitForCodeOptions = {}): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000)
  for (;;) {
    const code = deliveredCodes(stack, options.after).filter(entry => entry.username === username
      && (options.medium === undefined || entry.medium === options.medium)
      && (options.destination === undefined || entry.destination === options.destination)).pop()?.code
    if (code) return code
    if (Date.now() > deadline) throw new Error(`No code for ${username}${options.medium ? ` by ${options.medium}` : ''} in ${stack.cognitoLogFile} (or ${SHIM_CODE_LOG}) after ${JSON.stringify(options.after ?? 0)}`)
    await pokeEmulatorLog(stack.cognitoUrl)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** One request cognito-local answers 400 "Unsupported target" and logs: its log writer flushes. */
async function pokeEmulatorLog(cognitoUrl: string | undefined): Promise<void> {
  if (!cognitoUrl) return
  await fetch(cognitoUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.FlushLogForTests' },
    body: '{}',
  }).then(response => response.arrayBuffer(), () => undefined)
}

/**
 * Makes every live shim code of `username` expired, as if its 3 minutes had passed (the shim's
 * POST /__shim/codes/expire). Returns how many codes were aged.
 */
export async function expireShimCodes(stack: Pick<StackData, 'endpoint'>, username: string): Promise<number> {
  const res = await fetch(`${stack.endpoint}/__shim/codes/expire`, { method: 'POST', body: JSON.stringify({ username }) })
  if (!res.ok) throw new Error(`expireShimCodes: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { aged: number }).aged
}
