// Test-side helpers for talking Cognito's JSON protocol to the shim directly (requests Amplify
// would never send: replays, forgeries, missing parameters), and for watching or altering the
// real requests Amplify sends through the global fetch.
import type { StackData } from './stack-data'

export interface CognitoReply { status: number, body: any }

const realFetch = globalThis.fetch

/** One Cognito API call to the stack's endpoint (the shim). */
export async function cognitoCall(stack: Pick<StackData, 'endpoint'>, operation: string, body: unknown): Promise<CognitoReply> {
  const res = await realFetch(stack.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

export interface ObservedCall { operation: string, body: any, status: number, reply: any }

/**
 * Records every Cognito call made through the global fetch (Amplify's transport in Node);
 * `alter` may rewrite a request body before it is sent. Undo with stopObservingCognito().
 */
export function observeCognito(alter?: (operation: string, body: any) => any): ObservedCall[] {
  const calls: ObservedCall[] = []
  globalThis.fetch = async (input, init) => {
    const target = new Headers(init?.headers).get('x-amz-target')
    if (!target) return realFetch(input, init)
    const operation = target.split('.').pop()!
    let body = JSON.parse(String(init!.body))
    body = alter?.(operation, body) ?? body
    const res = await realFetch(input, { ...init, body: JSON.stringify(body) })
    calls.push({ operation, body, status: res.status, reply: await res.clone().json() })
    return res
  }
  return calls
}

export function stopObservingCognito(): void {
  globalThis.fetch = realFetch
}
