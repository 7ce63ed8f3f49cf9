import { defineNitroPlugin } from 'nitropack/runtime'
import { amplifyRuntimeConfig } from '../lib/runtime-config'
import { shareRuntimeConfig } from '../lib/shared-runtime-config'

// Page rendering gets the same process-wide config object as server routes (shared-runtime-config.ts).
export default defineNitroPlugin(() => {
  shareRuntimeConfig(amplifyRuntimeConfig())
})
