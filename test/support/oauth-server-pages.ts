// The HTML the managed-login stand-in shows: Cognito's own login and sign-up pages, and a fake
// upstream "Google" account chooser with an allow/deny choice. Plain forms, so Chromium tests click
// them and HTTP tests post them. Every value is escaped: the pages echo query input.
const escape = (value: string) => value.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`
}

export function loginPage(tx: string, error = ''): string {
  return page('Managed login', `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="tx" value="${escape(tx)}">
  <label>Username <input name="username" autocomplete="username"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form>
<p><a href="/google?tx=${encodeURIComponent(tx)}">Continue with Google</a></p>`)
}

export function signUpPage(tx: string): string {
  return page('Managed sign-up', `<form method="post" action="/signup">
  <input type="hidden" name="tx" value="${escape(tx)}">
  <label>Username <input name="username"></label>
  <label>Email <input name="email" type="email"></label>
  <label>Password <input name="password" type="password" autocomplete="new-password"></label>
  <button type="submit">Sign up</button>
</form>`)
}

/** The upstream identity provider: the user picks an account (its subject) and allows or denies. */
export function googlePage(tx: string): string {
  return page('Google (stand-in)', `<form method="post" action="/google">
  <input type="hidden" name="tx" value="${escape(tx)}">
  <label>Account id <input name="sub" value="1001"></label>
  <label>Email <input name="email" value="google-user@example.com"></label>
  <button type="submit" name="decision" value="allow">Allow</button>
  <button type="submit" name="decision" value="deny">Deny</button>
</form>`)
}

export function errorPage(message: string): string {
  return page('Error', `<p role="alert">${escape(message)}</p>`)
}
