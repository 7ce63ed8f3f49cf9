// Preloaded into the cognito-local child (`node --require`, see cognito-local.ts): makes the state
// files it writes a consistent view of its in-memory state, for the shim that reads them
// (cognito-db.ts: passwords for SRP, clients' auth flows).
//
// Why: cognito-local keeps its state in memory (one stormdb instance per pool) and saves the whole
// file after each change with stormdb's async LocalEngine.write = fs.writeFile, without waiting for
// the previous save. Overlapping saves each truncate and write from offset 0 on the libuv thread
// pool, so the file can end up holding an OLDER state (or a newer one followed by an older tail)
// until the next change: the shim then misses a user created a moment ago (NotAuthorizedException
// under load, test/server-auth-scale.test.ts). Here each file's saves run one after the other, in
// call order, each to a temporary file renamed over the real one (atomic on one file system): a
// reader sees a complete state, and once a save has resolved, that state or a newer one.
const fs = require('node:fs')
const path = require('node:path')

/** The stormdb LocalEngine cognito-local loads (resolved from cognito-local, not from this file). */
function localEngineOfCognitoLocal() {
  const cognitoLocal = path.dirname(require.resolve('cognito-local/package.json'))
  return require(require.resolve('stormdb/src/engine/local.js', { paths: [cognitoLocal] }))
}

let tmpCounter = 0

/** Replaces LocalEngine#write (async mode) with ordered, atomic saves; the sync mode is left alone. */
function orderStormDbWrites(LocalEngine = localEngineOfCognitoLocal()) {
  if (LocalEngine.prototype.write.orderedWrites) return LocalEngine
  const syncWrite = LocalEngine.prototype.write
  const queues = new Map() // path → promise of its last queued save
  function write(data) {
    if (!this.async) return syncWrite.call(this, data)
    const text = this.serialize(data) // the state at the time of the call, as stormdb does
    const target = this.path
    const tmp = `${target}.${process.pid}.${++tmpCounter}.tmp`
    const previous = queues.get(target) ?? Promise.resolve()
    const saved = previous.catch(() => {}).then(async () => {
      await fs.promises.writeFile(tmp, text)
      await fs.promises.rename(tmp, target)
    })
    queues.set(target, saved)
    // Forget a settled queue so the map holds only files being written.
    saved.catch(() => {}).finally(() => {
      if (queues.get(target) === saved) queues.delete(target)
    })
    return saved
  }
  write.orderedWrites = true
  LocalEngine.prototype.write = write
  return LocalEngine
}

module.exports = { orderStormDbWrites, localEngineOfCognitoLocal }

// As a preload (`--require` with COGNITO_LOCAL_ORDERED_WRITES=1, set by cognito-local.ts), patch the
// emulator's engine before cognito-local loads it; imported by a test, it patches nothing by itself.
if (process.env.COGNITO_LOCAL_ORDERED_WRITES === '1') orderStormDbWrites()
