// Amplify Storage's access rules for the S3 stand-in (s3-proxy.ts), as the IAM policies of the
// identity pool's roles enforce them in AWS (Amplify docs, "File access levels"):
// - `public/…`: guests and signed-in users read, write, delete and list;
// - `protected/{identityId}/…`: everybody reads and lists, only that signed-in identity writes/deletes;
// - `private/{identityId}/…`: only that signed-in identity, for everything;
// - any other key or prefix: nobody.
// "Signed-in" is what the credentials say (issued by the identity pool with a verified login), never
// what the request claims.

export type S3Action = 'read' | 'write' | 'list'

export interface Caller {
  identityId: string
  authenticated: boolean
}

export function mayAccess(caller: Caller, action: S3Action, path: string): boolean {
  const [level, owner] = path.split('/')
  if (level === 'public' && path.startsWith('public/'))
    return true
  const isOwner = caller.authenticated && owner === caller.identityId && path.startsWith(`${level}/${owner}/`)
  if (level === 'protected' && path.startsWith('protected/'))
    return action === 'write' ? isOwner : true
  if (level === 'private')
    return isOwner
  return false
}

export interface S3Request {
  method: string
  /** Decoded object key, or undefined for a bucket-level request. */
  key: string | undefined
  query: URLSearchParams
  copySource: string | undefined
  body: Buffer
}

/** The (action, path) pairs a request needs, or undefined for an operation the stand-in does not serve. */
export function requiredAccess(bucket: string, request: S3Request): Array<[S3Action, string]> | undefined {
  const { method, key, query } = request
  if (key === undefined) {
    // ListObjects(V2): the prefix is what is being listed.
    if (method === 'GET' && [...query.keys()].every(name => ['list-type', 'prefix', 'delimiter', 'max-keys', 'continuation-token', 'start-after', 'encoding-type', 'fetch-owner', 'x-id'].includes(name)))
      return [['list', query.get('prefix') ?? '']]
    // DeleteObjects: a write on every key of the XML body.
    if (method === 'POST' && query.has('delete'))
      return [...request.body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map(([, k]) => ['write', decodeXml(k!)])
    return undefined
  }
  if (method === 'GET' || method === 'HEAD')
    return [['read', key]]
  if (method === 'DELETE' || method === 'POST')
    return [['write', key]]
  if (method === 'PUT') {
    if (!request.copySource)
      return [['write', key]]
    // CopyObject: `x-amz-copy-source: <bucket>/<url-encoded key>`, read there and write here.
    const source = decodeURIComponent(request.copySource.replace(/^\//, '').split('?')[0]!)
    if (!source.startsWith(`${bucket}/`))
      return [['read', `\0other-bucket:${source}`], ['write', key]]
    return [['read', source.slice(bucket.length + 1)], ['write', key]]
  }
  return undefined
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: '\'', amp: '&' })[name]!)
}
