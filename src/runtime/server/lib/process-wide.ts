/**
 * One value per process, on globalThis under `Symbol.for(name)`. Nuxt bundles the server code twice
 * (Nitro's server routes and the Vue SSR bundle): a module-level cache would exist twice, each
 * filling to its bound, so a flood through pages and API routes would keep twice what the README
 * states. Every process-wide cache is reached through this, so that each bound holds per process.
 */
export function processWide<T>(name: string, create: () => T): T {
  const slot = Symbol.for(`nuxt-amplify:${name}`)
  const store = globalThis as Record<symbol, unknown>
  return (store[slot] ??= create()) as T
}
