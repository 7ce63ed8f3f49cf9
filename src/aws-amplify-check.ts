import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { tryResolveModule } from '@nuxt/kit'
import { AmplifyConfigError } from './load-config'

/** The aws-amplify range this module supports, read from its own package.json (one home for the figure). */
function supportedRange(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { peerDependencies?: Record<string, string> }
  return pkg.peerDependencies?.['aws-amplify'] ?? '6'
}

/**
 * aws-amplify is a peer dependency: `npm install --legacy-peer-deps` (or a package manager that does not
 * install peers) leaves it out, and the build then stops deep in Vite with `Cannot find module
 * 'aws-amplify/utils'`. Resolved from the app's rootDir, as the app's own imports of it are, so the
 * module's own node_modules (a linked checkout, a monorepo) cannot hide that the app lacks it.
 */
export async function checkAwsAmplifyInstalled(rootDir: string): Promise<void> {
  const from = pathToFileURL(rootDir.endsWith('/') ? rootDir : `${rootDir}/`).href
  if (await tryResolveModule('aws-amplify/utils', from)) return
  const range = supportedRange()
  throw new AmplifyConfigError(`aws-amplify is not installed for the app in ${rootDir}: run \`npm install aws-amplify\` (nuxt-amplify supports aws-amplify ${range}; it is a peer dependency, which \`--legacy-peer-deps\` leaves out).`)
}
