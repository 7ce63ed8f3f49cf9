import { compatCell } from './support/compat-node-cell'
import { loadStack } from './support/stack-data'

// Compatibility cell: the newest Nuxt 3 (test/compat/nuxt3: 3.21.11, the root layout and starter
// tsconfigs of `npm create nuxt@3`, the newest aws-amplify) on the machine's Node 20, with the packed
// module in a copy of the app outside the repository. It runs every test of a cell
// (test/support/compat-node-cell.ts).
// npm hoists @nuxt/kit 4.6 in a Nuxt 3.21 app (@nuxt/devtools needs ^4.6.1; Nuxt keeps its own 3.21.11
// nested), so the module, which takes ^3.21 || ^4, runs on kit 4 there, as in a user's new Nuxt 3 app.
compatCell({ workspace: 'nuxt3', nodeMajor: 20, nuxt: '3.21.11', kit: '4.6.4', amplify: '6.22.1' }, loadStack())
