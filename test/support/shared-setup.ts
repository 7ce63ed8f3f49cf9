// One instance of a service per vitest run, however many projects' global setups ask for it.
// Each vitest project (vitest.config.ts) runs its own global setup files, in the same main process
// but through its own module graph, so module state is not shared: two projects that both start the
// emulator would start two, and the second would overwrite the environment variables that tell
// workers and servers where the first is. The instances live on globalThis instead, counted: the
// last project to tear down stops the service.

interface Shared { value: Promise<unknown>, users: number, stop?: () => Promise<void> }
const KEY = Symbol.for('nuxt-amplify.shared-setup')
const registry: Map<string, Shared> = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map()) as Map<string, Shared>

/**
 * Starts the service `name` once (`start` resolves to its value and the function that stops it) and
 * returns its value with this caller's release, to return from the global setup as its teardown.
 */
export async function sharedSetup<T>(name: string, start: () => Promise<{ value: T, stop: () => Promise<void> }>): Promise<{ value: T, release: () => Promise<void> }> {
  let shared = registry.get(name)
  if (!shared) {
    const entry: Shared = { users: 0, value: Promise.resolve() }
    const started = Date.now()
    entry.value = start().then(({ value, stop }) => {
      entry.stop = stop
      if (process.env.DEBUG_TEST_STACK) console.info(`[shared-setup] ${name} started in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      return value
    })
    // A failed start is not kept: the next project's setup tries again (and reports its own error).
    entry.value.catch(() => registry.delete(name))
    registry.set(name, shared = entry)
  }
  shared.users++
  const value = await shared.value as T
  let released = false
  return {
    value,
    async release() {
      if (released) return
      released = true
      if (--shared.users > 0) return
      registry.delete(name)
      const stopping = Date.now()
      await shared.stop?.()
      if (process.env.DEBUG_TEST_STACK) console.info(`[shared-setup] ${name} stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`)
    },
  }
}
