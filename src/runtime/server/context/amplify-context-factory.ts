import type { H3Event } from 'h3'
import * as amplify from 'aws-amplify'
import type { AmplifyContext, ResourcesConfig } from 'aws-amplify'
import { runWithAmplifyServerContext } from 'aws-amplify/adapter-core'
import { onResponseDone } from './node-http'

// aws-amplify 6.22 added `createAmplifyContext`: a frozen context object, nothing to clean up.
// Older 6.x (down to 6.13, see docs/compatibility.md) only have the callback API, whose
// context spec is a key into a module-level registry that lives until the callback settles. The
// installed version is detected here, at run time, so the user changes nothing. The namespace import
// is deliberate: a named import of `createAmplifyContext` fails to link on older versions.

type LibraryOptions = Parameters<typeof amplify.createAmplifyContext>[1]

/** The context a category server API takes as its first argument, for one request. */
export function createAmplifyContextFor(event: H3Event | undefined, config: ResourcesConfig, libraryOptions: LibraryOptions): AmplifyContext {
  const create = (amplify as Partial<typeof amplify>).createAmplifyContext
  if (typeof create === 'function') return create(config, libraryOptions)
  return createCallbackScopedContext(event, config, libraryOptions)
}

/**
 * aws-amplify < 6.22: opens `runWithAmplifyServerContext` and keeps its callback pending until the
 * response is finished, so the context spec stays valid for the whole request (route, page render,
 * late Set-Cookie) and its registry entry is removed as soon as the response is done: nothing of one
 * user outlives the request. The callback runs synchronously (the function body reaches it before its
 * first await), so the spec is available at once.
 */
function createCallbackScopedContext(event: H3Event | undefined, config: ResourcesConfig, libraryOptions: LibraryOptions): AmplifyContext {
  let spec: AmplifyContext | undefined
  let release!: () => void
  const finished = new Promise<void>((resolve) => {
    release = resolve
  })
  const run = runWithAmplifyServerContext(config, libraryOptions as never, (contextSpec) => {
    spec = contextSpec as unknown as AmplifyContext
    return finished
  })
  void run.catch(() => undefined) // the operation never rejects; destroy errors must not crash the process
  if (!spec) throw new Error('[nuxt-amplify] This aws-amplify version did not create a server context synchronously; upgrade aws-amplify to 6.22 or newer.')

  // Without a response (code outside a request) the caller owns the context: it ends with the process.
  onResponseDone(event, release)
  return spec
}

/**
 * A context with no request to end it (guest contexts for tasks and jobs). Needs aws-amplify 6.22+:
 * an older version's context spec would stay in Amplify's registry for the life of the process.
 */
export function createStandaloneAmplifyContext(config: ResourcesConfig, libraryOptions: LibraryOptions, caller: string): AmplifyContext {
  const create = (amplify as Partial<typeof amplify>).createAmplifyContext
  if (typeof create !== 'function') {
    throw new TypeError(`[nuxt-amplify] ${caller} needs aws-amplify 6.22 or newer. With an older version, use runWithAmplifyServerContext from 'aws-amplify/adapter-core' for code outside a request.`)
  }
  return create(config, libraryOptions)
}
