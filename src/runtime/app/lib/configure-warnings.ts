import { ConsoleLogger } from 'aws-amplify/utils'

// Marks the tab (sessionStorage lives as long as the tab) once Amplify's configure-time warnings
// were shown in it.
const SHOWN_KEY = 'nuxt-amplify:configure-warnings-shown'

/**
 * Runs `configure` (the plugin's `Amplify.configure`) so that Amplify's configure-time warnings
 * appear once per browser tab, not on every page load. Amplify warns "You are using a custom
 * Amazon Cognito User Pool endpoint, ensure the endpoint is correct." on each configure, and every
 * full page load configures: an app on an emulator or a private endpoint repeated it on every page.
 * Later loads configure the same config, so they run with Amplify's logger at ERROR (configure is
 * synchronous: nothing else logs meanwhile). The server does the same once per process
 * (server/errors/endpoint-warning.ts).
 */
export function withConfigureWarningsOncePerTab(configure: () => void): void {
  const level = ConsoleLogger.LOG_LEVEL
  if (!shownInThisTab() || level === 'ERROR' || level === 'NONE') {
    configure()
    return
  }
  ConsoleLogger.LOG_LEVEL = 'ERROR'
  try {
    configure()
  }
  finally {
    ConsoleLogger.LOG_LEVEL = level
  }
}

/** Whether an earlier page load in this tab showed the warnings; marks this one as having shown them. */
function shownInThisTab(): boolean {
  try {
    if (sessionStorage.getItem(SHOWN_KEY)) return true
    sessionStorage.setItem(SHOWN_KEY, '1')
  }
  catch {
    // Storage blocked (privacy settings, sandboxed frame): warn on every load as Amplify does.
  }
  return false
}
