// The services of the categories fixture (AppSync, S3, identity pool, REST echo and a Cognito stack
// whose tokens carry an `https://cognito-idp.` issuer), shared between processes through a JSON
// file: global-setup-categories.ts writes it, the fixture's nuxt.config.ts and the test files read
// it. Dependency-free like stack-data.ts, so a nuxt.config can import it cheaply.
import { existsSync, readFileSync } from 'node:fs'
import type { StackData } from './stack-data'

export interface CategoriesData {
  /** A Cognito stack of its own: the AppSync simulator only accepts `https://cognito-idp.` issuers. */
  stack: StackData
  appsync: { url: string, apiKey: string, region: string }
  /** The S3 proxy (`http://127.0.0.1:<port>`, signed host in the first path segment; see s3-proxy.ts). */
  s3: { endpoint: string, bucket: string }
  identityPool: { url: string, identityPoolId: string }
  rest: { url: string }
  /** A Gen2 amplify_outputs.json for all of the above (REST under `custom.API`, as Gen2 apps publish it). */
  outputs: Record<string, unknown>
}

/** Environment variable naming the JSON file (set by global-setup-categories.ts). */
export const CATEGORIES_ENV = 'NUXT_AMPLIFY_TEST_CATEGORIES'

export function loadCategories(): CategoriesData {
  const path = process.env[CATEGORIES_ENV]
  if (!path || !existsSync(path)) {
    throw new Error(`No categories services file (${CATEGORIES_ENV}=${path}). Run tests through vitest (globalSetup test/support/global-setup-categories.ts).`)
  }
  return JSON.parse(readFileSync(path, 'utf8')) as CategoriesData
}

/** Identity-pool call counts (`GetId`, `GetCredentialsForIdentity`) of one pool, from any process. */
export async function identityPoolCounts(data: CategoriesData, poolId: string): Promise<Record<string, number>> {
  return await (await fetch(`${data.identityPool.url}/__shim/counts?pool=${encodeURIComponent(poolId)}`)).json() as Record<string, number>
}

/** A new identity pool of the stand-in (Cognito's CreateIdentityPool), for a test file that counts calls. */
export async function createIdentityPool(data: CategoriesData, allowGuests = true): Promise<string> {
  const response = await fetch(data.identityPool.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.CreateIdentityPool' },
    body: JSON.stringify({ IdentityPoolName: 'test', AllowUnauthenticatedIdentities: allowGuests }),
  })
  return (await response.json() as { IdentityPoolId: string }).IdentityPoolId
}
