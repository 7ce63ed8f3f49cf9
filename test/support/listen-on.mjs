// Preload (`node --import`) for server entries that hard-code their port: Nitro's `aws-amplify`
// preset (Amplify Hosting compute) listens on 3000 on every interface. Tests must not take a fixed
// port or a public interface, so listen(3000, …) becomes listen(NUXT_AMPLIFY_TEST_LISTEN_PORT, 127.0.0.1).
import { Server } from 'node:net'

const port = Number(process.env.NUXT_AMPLIFY_TEST_LISTEN_PORT)
const listen = Server.prototype.listen
Server.prototype.listen = function (...args) {
  if (port && (args[0] === 3000 || args[0] === '3000')) {
    const callback = args.find(arg => typeof arg === 'function')
    return listen.call(this, port, '127.0.0.1', callback)
  }
  return listen.apply(this, args)
}
