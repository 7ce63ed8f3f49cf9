import type { H3Event } from 'h3'

// The only file of the module that touches Node's request and response (`event.node.req`/`.res`);
// everything else goes through these functions or through h3's own helpers. For h3 v2 (Nitro 3),
// which has no `event.node` (Node's objects move to `event.runtime?.node`, on Node only), only this
// file changes: the Cookie header comes from the web Request (`event.req.headers.get('cookie')`,
// which copies no other header either); whether the response still takes headers and when it is
// done come from h3 v2's response model (headers are collected on `event.res` until the handler
// returns) or, on Node, from `event.runtime.node.res` as here.
// Plain functions, no closures: they run on every request.

/** The request's Cookie header as Node parsed it: read directly, since h3's getRequestHeader copies every header first. */
export function requestCookieHeader(event: H3Event | undefined): string | undefined {
  return event?.node.req.headers.cookie
}

/** Whether the response can still take a header: not yet started (head unsent) nor ended. False without a response. */
export function responseAcceptsHeaders(event: H3Event): boolean {
  const res = event.node.res
  return !!res && !res.headersSent && !res.writableEnded
}

/**
 * Calls `fn` once the response is done (finished, or closed by an abort), possibly more than once:
 * `fn` must be idempotent. At once if it already ended. Does nothing without an event or response
 * (code outside a request).
 */
export function onResponseDone(event: H3Event | undefined, fn: () => void): void {
  const res = event?.node.res
  if (!res) return
  if (res.writableEnded) fn()
  // 'close' covers aborted requests too; 'finish' covers response mocks that never emit 'close'.
  res.once('finish', fn)
  res.once('close', fn)
}
