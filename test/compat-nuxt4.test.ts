import { expect, it } from 'vitest'
import { compatCell } from './support/compat-node-cell'
import { loadStack } from './support/stack-data'

// Compatibility cell: Nuxt 4.3.1, the newest Nuxt 4 that runs on Node 20 (test/compat/nuxt4: app/
// layout, Nuxt 4 defaults, @nuxt/kit 4, the newest aws-amplify), on the machine's Node 20, with the
// packed module in a copy of the app outside the repository. It runs every test of a cell
// (test/support/compat-node-cell.ts); its pool comes from an amplify_outputs.json file, which is
// checked here too.
const stack = loadStack()

compatCell({ workspace: 'nuxt4', nodeMajor: 20, nuxt: '4.3.1', amplify: '6.22.1', configFile: true }, stack, (cell) => {
  it('loads amplify_outputs.json from the rootDir (not from app/, Nuxt 4\'s srcDir): the server runs on the run\'s pool', async () => {
    const config = await (await fetch(`${cell.server.url}/api/amplify-config`)).json()
    expect(config).toEqual({ userPoolId: stack.userPoolId, userPoolClientId: stack.clientId })
  })
})
