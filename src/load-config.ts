import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ResourcesConfig } from 'aws-amplify'
import type { AmplifyCookieOptions, ModuleOptions } from './runtime/types'

/** A build-time configuration mistake: Nuxt prints the message (not a stack) and stops the build or dev start. */
export class AmplifyConfigError extends Error {
  constructor(message: string) {
    super(`[nuxt-amplify] ${message}`)
    this.name = 'AmplifyConfigError'
    // The message says what to fix; a stack into the module's internals would only bury it.
    this.stack = this.message
  }
}

const FIX = 'Set `amplify.config` in nuxt.config to the path of your `amplify_outputs.json` (Gen2) or `amplifyconfiguration.json` (Gen1), or to an inline object.'

/** Reads the raw JSON named by `amplify.config` (or takes the inline object) without interpreting it. */
function readRawConfig(config: ModuleOptions['config'], rootDir: string): { raw: Record<string, unknown>, source: string } {
  if (config === undefined || config === null || config === '') {
    throw new AmplifyConfigError(`No Amplify configuration was given. ${FIX}`)
  }
  if (typeof config === 'object') {
    if (Array.isArray(config)) throw new AmplifyConfigError(`\`amplify.config\` is an array; it must be an object. ${FIX}`)
    return { raw: config, source: 'the inline `amplify.config` object' }
  }
  if (typeof config !== 'string') throw new AmplifyConfigError(`\`amplify.config\` must be a path or an object, not ${typeof config}. ${FIX}`)
  const file = resolve(rootDir, config)
  if (!existsSync(file)) {
    throw new AmplifyConfigError(`The Amplify configuration file ${file} does not exist. Run \`npx ampx sandbox\` or \`npx ampx generate outputs\` to create it, or fix the path. ${FIX}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  }
  catch (error) {
    throw new AmplifyConfigError(`The Amplify configuration file ${file} is not valid JSON (${(error as Error).message}). Regenerate it with \`npx ampx generate outputs\`.`)
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AmplifyConfigError(`The Amplify configuration file ${file} must contain a JSON object.`)
  }
  return { raw: raw as Record<string, unknown>, source: file }
}

/** Loads, parses and checks `amplify.config`; every failure is one message that names the source and the fix. */
export async function loadAmplifyConfig(options: ModuleOptions, rootDir: string): Promise<ResourcesConfig> {
  const { raw, source } = readRawConfig(options.config, rootDir)
  // Imported here, not at the top: loading the module must not fail before checkAwsAmplifyInstalled
  // has said what is missing (aws-amplify-check.ts).
  const { parseAmplifyConfig } = await import('aws-amplify/utils')
  let parsed: ResourcesConfig
  try {
    parsed = parseAmplifyConfig(raw as Parameters<typeof parseAmplifyConfig>[0])
  }
  catch (error) {
    throw new AmplifyConfigError(`Amplify could not parse ${source}: ${(error as Error).message}`)
  }
  const cognito = parsed.Auth?.Cognito
  if (options.auth !== false && (!cognito?.userPoolId || !cognito.userPoolClientId)) {
    throw new AmplifyConfigError(`${source} has no Auth section with a user pool id and app client id. Add auth to your Amplify backend (\`defineAuth\`) and regenerate the file, or set \`amplify.auth: false\` if the app uses no sign-in.`)
  }
  parsed = withGen2RestApis(parsed, raw, source)
  // JSON round trip: the config travels through runtimeConfig, which must hold plain data.
  return JSON.parse(JSON.stringify(parsed))
}

/**
 * Gen2 backends publish REST APIs under `custom.API` (`backend.addOutput({ custom: { API: … } })`,
 * the Amplify docs' convention), which `parseAmplifyConfig` does not read: without this, `get()`
 * from `aws-amplify/api` would not know the API. An explicit `API.REST` in the config wins.
 */
function withGen2RestApis(parsed: ResourcesConfig, raw: Record<string, unknown>, source: string): ResourcesConfig {
  const apis = (raw.custom as { API?: unknown } | undefined)?.API
  if (apis === undefined || parsed.API?.REST) return parsed
  const entries = apis && typeof apis === 'object' && !Array.isArray(apis) ? Object.entries(apis) : []
  const bad = entries.find(([, api]) => typeof (api as { endpoint?: unknown })?.endpoint !== 'string')
  if (!entries.length || bad) {
    throw new AmplifyConfigError(`\`custom.API\` in ${source} must map each REST API name to \`{ endpoint, region }\`${bad ? `; \`${bad[0]}\` has no endpoint` : ''}.`)
  }
  return { ...parsed, API: { ...parsed.API, REST: apis as NonNullable<NonNullable<ResourcesConfig['API']>['REST']> } }
}

/** Checks cookie attributes the browser would silently reject, so the mistake shows at build time. */
export function checkCookieOptions(cookies: AmplifyCookieOptions): void {
  if (cookies.sameSite && !['lax', 'strict', 'none'].includes(cookies.sameSite)) {
    throw new AmplifyConfigError(`\`amplify.cookies.sameSite\` must be 'lax', 'strict' or 'none', not ${JSON.stringify(cookies.sameSite)}.`)
  }
  if (cookies.sameSite === 'none' && cookies.secure === false) {
    throw new AmplifyConfigError('`amplify.cookies.sameSite: \'none\'` requires `secure: true`: browsers drop SameSite=None cookies without Secure.')
  }
  if (cookies.maxAge !== undefined && !(Number.isFinite(cookies.maxAge) && cookies.maxAge > 0)) {
    throw new AmplifyConfigError(`\`amplify.cookies.maxAge\` must be a positive number of seconds, not ${JSON.stringify(cookies.maxAge)}.`)
  }
}

/** Checks `restAuthToken`: a typo would silently leave REST calls without the user's token. */
export function checkRestAuthToken(value: unknown): void {
  if (value !== undefined && !['none', 'idToken', 'accessToken'].includes(value as string)) {
    throw new AmplifyConfigError(`\`amplify.restAuthToken\` must be 'none', 'idToken' or 'accessToken', not ${JSON.stringify(value)}.`)
  }
}
