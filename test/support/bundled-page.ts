// A bare page that runs aws-amplify's browser build, for the tests that cross-check a shim stand-in
// against Amplify's own client in Chromium (shim-*-browser, passkeys-amplify-browser): `entry` is
// bundled with esbuild (imports resolve from the repository) and served as the one page of a
// loopback server. `host` names the origin (passkeys need `localhost`: an IP is never an RP ID).
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { LOOPBACK } from './net'

export interface BundledPage {
  origin: string
  close: () => Promise<void>
}

export async function serveBundledPage(entry: string, host: string = LOOPBACK): Promise<BundledPage> {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL('../..', import.meta.url)), loader: 'js' },
    bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error',
  })
  const html = `<!doctype html><script type="module">${bundle.outputFiles[0]!.text.replaceAll('</script', '<\\/script')}</script>`
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html))
  await new Promise<void>(resolve => server.listen(0, LOOPBACK, resolve))
  return {
    origin: `http://${host}:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
