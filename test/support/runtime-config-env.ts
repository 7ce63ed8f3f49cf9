// The NUXT_* environment variables that turn one runtime config into another at server start, as
// Nitro applies them (nitropack's applyEnv: the variable of a key is NUXT_ + the key path in
// SCREAMING_SNAKE_CASE, public keys under NUXT_PUBLIC_; a JSON object value is merged shallowly over
// the built object, then its keys' own variables apply). Only what differs is set, one level below
// the top (or below `public`), as JSON of the differing keys: a test's own, more specific variable
// (e.g. NUXT_PUBLIC_AMPLIFY_CONFIG) still wins, over the real values, as it did over a build made
// with them.
import { snakeCase } from 'scule'

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value)
const envName = (path: string[]) => `NUXT_${path.map(key => snakeCase(key).toUpperCase()).join('_')}`

function changedKeys(built: Record<string, unknown>, wanted: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => !same(built[key], value)))
}

export function runtimeConfigEnv(built: Record<string, unknown>, wanted: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {}
  const set = (path: string[], from: unknown, to: unknown) => {
    if (same(from, to)) return
    env[envName(path)] = isObject(from) && isObject(to) ? JSON.stringify(changedKeys(from, to)) : typeof to === 'string' ? to : JSON.stringify(to)
  }
  for (const [key, value] of Object.entries(wanted)) {
    if (key === 'public' && isObject(value) && isObject(built.public)) {
      for (const [name, publicValue] of Object.entries(value)) set(['public', name], built.public[name], publicValue)
    }
    else {
      set([key], built[key], value)
    }
  }
  return env
}
