import { compatCell } from './support/compat-node-cell'
import { loadStack } from './support/stack-data'

// Compatibility cell: the newest Nuxt 3 (test/compat/nuxt3: 3.21.11, the root layout and starter
// tsconfigs of `npm create nuxt@3`, the newest aws-amplify) on the machine's Node 20, with the packed
// module in a copy of the app outside the repository. It runs every test of a cell
// (test/support/compat-node-cell.ts).
compatCell({ workspace: 'nuxt3', nodeMajor: 20, nuxt: '3.21.11', amplify: '6.22.1' }, loadStack())
