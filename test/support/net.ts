// Loopback networking helpers shared by the test stack (emulator, shim, fixtures).
// Everything binds to 127.0.0.1 only: tests must never listen on public interfaces.
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

export const LOOPBACK = '127.0.0.1'

/**
 * Asks the OS for a free loopback port by binding port 0 and closing again.
 * There is a small window in which another process could take the port; callers
 * that spawn a server on it should retry on EADDRINUSE (startCognitoLocal does).
 */
export function freePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(err => (err ? reject(err) : resolve(port)))
    })
  })
}

export interface WaitForHttpOptions {
  timeoutMs?: number
  intervalMs?: number
  /** Returns a reason string when waiting is pointless (e.g. the child process died). */
  abort?: () => string | undefined
  /** Statuses besides 2xx that mean "up" (a route that answers 401 to an anonymous request). */
  readyStatuses?: number[]
}

/** Polls `url` with GET until it answers 2xx, so we know a spawned server is ready. */
export async function waitForHttp(url: string, options: WaitForHttpOptions = {}): Promise<void> {
  const { timeoutMs = 30_000, intervalMs = 100, abort, readyStatuses = [] } = options
  const deadline = Date.now() + timeoutMs
  let lastError = 'no answer yet'
  while (Date.now() < deadline) {
    const reason = abort?.()
    if (reason) throw new Error(`Gave up waiting for ${url}: ${reason}`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      await res.arrayBuffer()
      if (res.ok || readyStatuses.includes(res.status)) return
      lastError = `HTTP ${res.status}`
    }
    catch (error) {
      lastError = (error as Error).message
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${url} (${lastError})`)
}

/** A test server listening on a free loopback port: its base URL, and `stop()` that ends open connections too. */
export async function listenOnLoopback(server: Server): Promise<{ url: string, stop(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, LOOPBACK, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${LOOPBACK}:${port}`,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
