// Cookie names as js-cookie 3 writes them in the browser (Amplify's CookieStorage uses js-cookie).
// The server must read and write the very same names, or an e-mail username (`a@b.c`) would become a
// second, different cookie. Same rule as js-cookie's `converter` and adapter-nextjs's encoder.

/** Encodes a cookie name the way js-cookie does: percent-encode, but keep `# $ & + ^ \` |` readable. */
export function encodeCookieName(name: string): string {
  return encodeURIComponent(name)
    .replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent)
    .replace(/[()]/g, escape)
}

/** Decodes a name from the `Cookie` header; a malformed escape leaves the name as it came. */
export function decodeCookieName(name: string): string {
  try {
    return name.replace(/(%[\dA-F]{2})+/gi, decodeURIComponent)
  }
  catch {
    return name
  }
}
