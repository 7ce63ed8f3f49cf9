import { describe, expect, it, vi } from 'vitest'
import { loadStack } from './support/stack-data'
import { createMemoryContext } from './support/sign-in'

// The test process's own Amplify contexts (one per sign-in, test/support/sign-in.ts) point at the
// emulator's endpoint, and Amplify warns about that on each one. Once per process is enough; the
// browser's side is asserted in test/pages.test.ts, the server's in the module's own code.
const ENDPOINT_WARNING = 'custom Amazon Amazon Cognito User Pool endpoint'

describe('the custom-endpoint warning in the test process', () => {
  it('appears once however many contexts the tests create', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const stack = loadStack()
      for (let i = 0; i < 3; i++) createMemoryContext(stack)
      const warnings = warn.mock.calls.filter(args => args.some(arg => String(arg).includes(ENDPOINT_WARNING)))
      // Once: still shown (this file's process created no context before), and not repeated.
      expect(warnings).toHaveLength(1)
    }
    finally {
      warn.mockRestore()
    }
  })
})
