// Starts a Nitro `cloudflare-module` build on the Workers runtime (workerd, from the `miniflare`
// package, what `wrangler dev` runs), inside the test process: the built worker module and its
// chunks, a compatibility date and flags, and Worker variables as env bindings, as a deployment's
// wrangler config gives them. Outbound fetch (the JWKS, the token endpoint) leaves workerd for
// the emulator on loopback.
import { resolve } from 'node:path'
import { Miniflare } from 'miniflare'

export interface RunningWorker {
  /** workerd's own HTTP socket, on loopback. */
  url: string
  /** A request straight into the worker's fetch handler (Miniflare's dispatchFetch). */
  dispatch: (path: string, headers?: Record<string, string>) => Promise<Response>
  stop: () => Promise<void>
}

export interface WorkerOptions {
  compatibilityDate: string
  compatibilityFlags: string[]
  /** Worker variables (wrangler `vars`): strings, as the dashboard and wrangler set them. */
  vars?: Record<string, string>
}

export async function startWorker(outputDir: string, options: WorkerOptions): Promise<RunningWorker> {
  const serverDir = resolve(outputDir, 'server')
  const miniflare = new Miniflare({
    modules: true,
    scriptPath: resolve(serverDir, 'index.mjs'),
    modulesRoot: serverDir,
    compatibilityDate: options.compatibilityDate,
    compatibilityFlags: options.compatibilityFlags,
    bindings: options.vars ?? {},
    host: '127.0.0.1',
    port: 0,
  })
  const url = (await miniflare.ready).origin
  return {
    url,
    dispatch: async (path, headers = {}) => await miniflare.dispatchFetch(`${url}${path}`, { headers }) as unknown as Response,
    stop: () => miniflare.dispose(),
  }
}
