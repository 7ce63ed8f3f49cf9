// The codes the emulator "sends" (sign-up confirmation, forgot password, SMS MFA...), read back
// from cognito-local's log, from any process holding StackData (StackData.cognitoLogFile).
//
// cognito-local 5.3.0 delivers every message with services/messageDelivery/consoleMessageSender.js:
// one boxen box per message, logged through pino-pretty, e.g.
//   │   Confirmation Code Delivery   │
//   │   Username:    alice           │
//   │   Destination: alice@ex…       │
//   │   Code:        123456          │
// Usage: take a mark before the call that sends the code, then wait for the code after it:
//   const mark = codeLogMark(stack); await signUp(...); const code = await waitForCode(stack, 'carol', { after: mark })
import { existsSync, readFileSync, statSync } from 'node:fs'
import type { StackData } from './stack-data'

export interface DeliveredCode { username: string, code: string, destination?: string }

const ANSI = /\x1B\[[0-9;]*m/g // eslint-disable-line no-control-regex
const MARKER = 'Confirmation Code Delivery'

function logFileOf(stack: Pick<StackData, 'cognitoLogFile'>): string {
  if (!stack.cognitoLogFile) throw new Error('StackData has no cognitoLogFile (stack started by an older stack.ts?)')
  return stack.cognitoLogFile
}

/** The current end of the log: codes delivered later are "after" it. */
export function codeLogMark(stack: Pick<StackData, 'cognitoLogFile'>): number {
  const file = logFileOf(stack)
  return existsSync(file) ? statSync(file).size : 0
}

/** Every code delivery logged after byte offset `after`, oldest first. */
export function deliveredCodes(stack: Pick<StackData, 'cognitoLogFile'>, after = 0): DeliveredCode[] {
  const text = readFileSync(logFileOf(stack)).subarray(after).toString('utf8').replace(ANSI, '')
  return text.split(MARKER).slice(1).map((box) => {
    // A box ends at its bottom border (╰…╯); only the lines up to it belong to this delivery.
    const body = box.split('╰')[0] ?? ''
    const field = (name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(body)?.[1]
    return { username: field('Username') ?? '', code: field('Code') ?? '', destination: field('Destination') }
  }).filter(entry => entry.username && entry.code)
}

export interface WaitForCodeOptions {
  /** Byte offset from codeLogMark(): only codes logged later count. Default 0 (whole log). */
  after?: number
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
    const code = deliveredCodes(stack, options.after).filter(entry => entry.username === username).pop()?.code
    if (code) return code
    if (Date.now() > deadline) throw new Error(`No code for ${username} in ${stack.cognitoLogFile} after offset ${options.after ?? 0}`)
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
