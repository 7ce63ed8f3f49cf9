import { nuxt46Cell } from './support/compat-node-cell'
import { loadStack } from './support/stack-data'

// Compatibility cells: the newest Nuxt 4 (test/compat/nuxt46, Nuxt 4.6 on Vite 8 / rolldown, which
// needs Node 22 or newer) on Node 22 and on Node 24 (test/compat/node22, node24). One install (by the
// Node 24 npm), one build per Node, each built, served, browsed and type-checked on its own Node.
// In one file, one cell after the other: the two builds share the workspace's .module copy.
const stack = loadStack()
nuxt46Cell('node24', stack)
nuxt46Cell('node22', stack)
