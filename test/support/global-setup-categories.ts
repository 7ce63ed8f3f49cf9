// vitest globalSetup: the local servers of the Data, REST, Storage and identity-pool tests, started
// once per run (before build-fixtures.ts, because the categories fixture bakes their URLs into its
// build). Their URLs go to a per-pid JSON file named by NUXT_AMPLIFY_TEST_CATEGORIES.
import { rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { DEFAULT_ISSUER_DOMAIN, dataOutputs, startAppSync } from './appsync'
import { CATEGORIES_ENV, type CategoriesData } from './categories-data'
import { startIdentityPool } from './identity-pool'
import { restOutputs, startRestEcho } from './rest-echo'
import { startS3 } from './s3'
import { startStack } from './stack'
import { toStackData } from './stack-data'

export default async function setupCategories() {
  const stops: Array<() => Promise<void>> = []
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop()
  }
  try {
    const stack = await startStack({ issuerDomain: DEFAULT_ISSUER_DOMAIN })
    stops.push(() => stack.stop())
    const appsync = await startAppSync({ userPoolId: stack.userPoolId, issuerDomain: DEFAULT_ISSUER_DOMAIN, region: stack.region })
    stops.push(() => appsync.stop())
    const s3 = await startS3()
    stops.push(() => s3.stop())
    const identityPool = await startIdentityPool({ userPoolIssuer: stack.issuer })
    stops.push(() => identityPool.stop())
    const rest = await startRestEcho()
    stops.push(() => rest.stop())

    const data: CategoriesData = {
      stack: toStackData(stack),
      appsync: { url: appsync.url, apiKey: appsync.apiKey, region: appsync.region },
      s3: { endpoint: s3.endpoint, bucket: s3.bucket },
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
        storage: { aws_region: 'us-east-1', bucket_name: s3.bucket },
        custom: { API: restOutputs(rest.url) },
      },
    }
    const file = fileURLToPath(new URL(`../.categories.${process.pid}.json`, import.meta.url))
    await writeFile(file, `${JSON.stringify(data, null, 2)}\n`)
    stops.unshift(() => rm(file, { force: true }))
    process.env[CATEGORIES_ENV] = file
  }
  catch (error) {
    await stopAll()
    throw error
  }
  return stopAll
}
