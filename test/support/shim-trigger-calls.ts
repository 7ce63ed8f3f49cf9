// How the shim calls a test pool's Lambda triggers (custom-auth-triggers.ts): with Cognito's event
// (common fields + the trigger's `request` and an empty `response`), as Lambda calls a Node handler,
// and with Cognito's answers when a trigger fails or answers what Cognito cannot use.
import type { Trigger, TriggerEvent } from './custom-auth-triggers'
import { errorReply, type Reply } from './shim-handlers'

/** Whom a trigger is called for. */
export interface TriggerCaller { poolId: string, clientId: string, username: string }

/** Calls one trigger with Cognito's event: its `response`, or (`failed`) Cognito's error when it throws. */
export async function runTrigger(state: TriggerCaller, name: string, trigger: Trigger, request: Record<string, unknown>, response: Record<string, unknown>): Promise<{ response: Record<string, any>, failed?: undefined } | { failed: Reply }> {
  const event: TriggerEvent = {
    version: '1',
    triggerSource: `${name}_Authentication` as TriggerEvent['triggerSource'],
    region: state.poolId.split('_')[0]!,
    userPoolId: state.poolId,
    userName: state.username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: state.clientId },
    // A copy: a trigger keeps nothing of the shim's state by reference.
    request: structuredClone(Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined))),
    response,
  }
  try {
    const returned = await trigger(event) as TriggerEvent | undefined
    const out = returned && typeof returned === 'object' && returned.response ? returned.response : event.response
    return { response: out && typeof out === 'object' ? out : {} }
  }
  catch (error) {
    return { failed: errorReply('UserLambdaValidationException', `${name} failed with error ${(error as Error)?.message}.`) }
  }
}

export function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every(item => typeof item === 'string')) return undefined
  return { ...value as Record<string, string> }
}
