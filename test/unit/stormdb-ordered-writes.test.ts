// The emulator's state files as the shim reads them (support/cognito-db.ts), written by cognito-local's
// own data store (its StormDBDataStoreFactory and stormdb's engine) with the write ordering that
// support/stormdb-ordered-writes.cjs preloads into the emulator. Many changes saved at once, as 50
// sign-ups at once make them: once the saves have resolved, the file must hold the newest state.
// Without the patch, overlapping saves leave an older state or a torn file behind (the shim then
// answered NotAuthorizedException for a user created a moment before).
import { createRequire } from 'node:module'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CognitoDb } from '../support/cognito-db'

const require = createRequire(import.meta.url)
const { orderStormDbWrites } = require('../support/stormdb-ordered-writes.cjs') as { orderStormDbWrites: () => void }

orderStormDbWrites()
const { StormDBDataStoreFactory } = require('cognito-local/lib/services/dataStore/stormDb.js') as {
  StormDBDataStoreFactory: new (dir: string) => { create(ctx: unknown, id: string, defaults: object): Promise<DataStore> }
}

interface DataStore {
  set(ctx: unknown, key: string[], value: unknown): Promise<void>
  getRoot(ctx: unknown): Promise<unknown>
}
const silent = { debug() {}, info() {}, warn() {}, error() {} }
const ctx = { logger: silent }

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function pool(): Promise<{ dir: string, store: DataStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'nuxt-amplify-stormdb-'))
  dirs.push(dir)
  const store = await new StormDBDataStoreFactory(join(dir, '.cognito', 'db')).create(ctx, 'local_pool', { Users: {} })
  return { dir, store }
}

describe('cognito-local state files under concurrent saves (stormdb-ordered-writes.cjs)', () => {
  it('after 60 overlapping saves, each shorter than the one before, the file is the newest state', async () => {
    const { dir, store } = await pool()
    // Every save rewrites the whole file; a shrinking value makes a later save shorter than an
    // earlier one, the case where an unordered write leaves an older tail (or an older state).
    const saves = Array.from({ length: 60 }, (_, n) => store.set(ctx, ['Users', 'alice'], {
      Username: 'alice',
      Password: `p${'x'.repeat(4000 - n * 60)}`,
      UserStatus: 'CONFIRMED',
    }))
    await Promise.all(saves)
    const file = await readFile(join(dir, '.cognito', 'db', 'local_pool.json'), 'utf8')
    expect(JSON.parse(file)).toEqual(await store.getRoot(ctx))
    expect((await new CognitoDb(dir).user('local_pool', 'alice'))?.Password).toBe(`p${'x'.repeat(4000 - 59 * 60)}`)
    // No temporary files are left beside the state file.
    expect(await readdir(join(dir, '.cognito', 'db'))).toEqual(['local_pool.json'])
  })

  it('50 users created at once are each readable by the shim as soon as their own save resolves', async () => {
    const { dir, store } = await pool()
    const db = new CognitoDb(dir)
    const seen = await Promise.all(Array.from({ length: 50 }, async (_, n) => {
      const username = `user-${n}`
      await store.set(ctx, ['Users', username], { Username: username, Password: `Password-${n}!`, UserStatus: 'CONFIRMED' })
      return (await db.user('local_pool', username))?.Password
    }))
    expect(seen).toEqual(Array.from({ length: 50 }, (_, n) => `Password-${n}!`))
  })
})
