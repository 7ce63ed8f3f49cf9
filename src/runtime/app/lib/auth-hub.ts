import { Hub } from 'aws-amplify/utils'
import { AMPLIFY_SYMBOL } from '@aws-amplify/core/internals/utils'

type OwnEvent = 'signedIn' | 'signedOut' | 'tokenRefresh' | 'tokenRefresh_failure'

// True while this module's own dispatch runs (Hub calls its listeners synchronously), so a listener
// can tell the module's events from Amplify's (lib/sign-out-bridge.ts acts on Amplify's only).
let dispatching = false

/**
 * Dispatches an auth event on Hub's protected 'auth' channel exactly as Amplify's own auth code does
 * (source 'Auth', Amplify's symbol: no "protected channel" warning), so app listeners, the
 * Authenticator and useAmplifyUser() see the module's sign-ins, sign-outs and refreshes like
 * Amplify's.
 */
export function dispatchAuthEvent(event: OwnEvent, data?: unknown): void {
  dispatching = true
  try {
    Hub.dispatch('auth', data === undefined ? { event } : { event, data } as never, 'Auth', AMPLIFY_SYMBOL)
  }
  finally {
    dispatching = false
  }
}

/** Whether the auth event being delivered right now comes from dispatchAuthEvent. */
export function isOwnAuthEvent(): boolean {
  return dispatching
}
