// vitest globalSetup: the local servers of the Data, REST, Storage and identity-pool tests, started
// once per run whichever projects list this file (shared-setup.ts). Their URLs go to a per-pid JSON
// file named by NUXT_AMPLIFY_TEST_CATEGORIES (the categories fixture's servers get them at run time:
// fixture-builds.ts).
import { rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { DEFAULT_ISSUER_DOMAIN, dataOutputs, startAppSync } from './appsync'
import { CATEGORIES_ENV, type CategoriesData } from './categories-data'
import { startIdentityPool } from './identity-pool'
import { CredentialRegistry } from './issued-credentials'
import { restOutputs, startRestEcho } from './rest-echo'
import { startS3 } from './s3'
import { startS3Proxy } from './s3-proxy'
import { sharedSetup } from './shared-setup'
import { startStack } from './stack'
import { toStackData } from './stack-data'

async function start(): Promise<{ value: string, stop: () => Promise<void> }> {
  const stops: Array<() => Promise<void>> = []
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop()
  }
  try {
    const stack = await startStack({ issuerDomain: DEFAULT_ISSUER_DOMAIN })
    stops.push(() => stack.stop())
    const appsync = await startAppSync({ userPoolId: stack.userPoolId, issuerDomain: DEFAULT_ISSUER_DOMAIN, region: stack.region })
    stops.push(() => appsync.stop())
    // The identity pool issues a key pair per identity; the S3 proxy verifies requests against them.
    const registry = new CredentialRegistry()
    const s3rver = await startS3()
    stops.push(() => s3rver.stop())
    const s3 = await startS3Proxy({ s3rver: s3rver.endpoint, buckets: s3rver.buckets, registry })
    stops.push(() => s3.stop())
    const identityPool = await startIdentityPool({
      registry,
      // The emulator's own JWKS URL, not the shim's: tests count the shim's JWKS fetches.
      userPool: { issuer: stack.issuer, jwksUrl: `${stack.cognitoUrl}/${stack.userPoolId}/.well-known/jwks.json`, clientIds: [stack.clientId, stack.shortClientId] },
    })
    stops.push(() => identityPool.stop())
    const rest = await startRestEcho()
    stops.push(() => rest.stop())

    const data: CategoriesData = {
      stack: toStackData(stack),
      appsync: { url: appsync.url, apiKey: appsync.apiKey, region: appsync.region },
      s3: { endpoint: s3.url, bucket: s3rver.bucket },
      identityPool: { url: identityPool.url, identityPoolId: identityPool.identityPoolId },
      rest: { url: rest.url },
      outputs: {
        version: '1.4',
        auth: {
          aws_region: stack.region,
          user_pool_id: stack.userPoolId,
          user_pool_client_id: stack.clientId,
          identity_pool_id: identityPool.identityPoolId,
          unauthenticated_identities_enabled: true,
        },
        data: dataOutputs(appsync),
        storage: { aws_region: 'us-east-1', bucket_name: s3rver.bucket },
        custom: { API: restOutputs(rest.url) },
      },
    }
    const file = fileURLToPath(new URL(`../.categories.${process.pid}.json`, import.meta.url))
    await writeFile(file, `${JSON.stringify(data, null, 2)}\n`)
    stops.unshift(() => rm(file, { force: true }))
    process.env[CATEGORIES_ENV] = file
    return { value: file, stop: stopAll }
  }
  catch (error) {
    await stopAll()
    throw error
  }
}

export default async function setupCategories() {
  return (await sharedSetup('categories-services', start)).release
}
