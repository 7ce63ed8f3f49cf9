import { compatCell } from './support/compat-node-cell'
import { loadStack } from './support/stack-data'

// Compatibility cells: the newest Nuxt 4 (test/compat/nuxt46, Nuxt 4.6 on Vite 8 / rolldown, which
// needs Node 22 or newer) on Node 22 and on Node 24 (test/compat/node22, node24). Each cell builds a
// copy of the workspace's app outside the repository with the packed module installed from its
// tarball by that Node's npm (test/support/packed-module.ts; cached by the tarball's content), and
// builds, serves, browses and type-checks it on that Node. One cell after the other; `-t node24` runs one.
const stack = loadStack()
// Vite 8.4 or newer (rolldown 1.3): where Nuxt 4.5+ builds failed with INVALID_EXTERNAL_ID.
const cell = { workspace: 'nuxt46', nuxt: '4.6.4', amplify: '6.22.1', vite: /^8\.(?:[4-9]|\d{2,})\./ } as const
compatCell({ ...cell, node: 'node24', nodeMajor: 24 }, stack)
compatCell({ ...cell, node: 'node22', nodeMajor: 22 }, stack)
