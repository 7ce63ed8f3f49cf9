// The HTML the managed-login stand-in shows: Cognito's own login and sign-up pages, and a fake
// upstream "Google" account chooser with an allow/deny choice. Plain forms, so Chromium tests click
// them and HTTP tests post them. Every value is escaped: the pages echo query input.
const escape = (value: string) => value.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

// A card on a grey page, like a hosted login: enough that the playground's round trip reads as
// "now I am at the identity provider", and `accent` tells Cognito's page from Google's.
const STYLE = `*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f1f3f4;font:15px/1.5 system-ui,sans-serif;color:#202124}
main{width:min(24rem,92vw);background:#fff;border-radius:12px;padding:2rem;box-shadow:0 1px 3px #0002,0 4px 16px #0001;border-top:4px solid var(--accent)}
h1{font-size:1.35rem;margin:0 0 .25rem}p.note{color:#5f6368;margin:0 0 1.25rem;font-size:.9rem}form{display:grid;gap:.85rem}
label{display:grid;gap:.25rem;font-size:.85rem;color:#5f6368}input{font:inherit;padding:.55rem .7rem;border:1px solid #dadce0;border-radius:6px}
input:focus{outline:2px solid var(--accent);border-color:transparent}.row{display:flex;gap:.5rem;justify-content:flex-end;margin-top:.5rem}
button{font:inherit;padding:.5rem 1.1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}[role=alert]{background:#fce8e6;color:#b3261e;padding:.5rem .75rem;border-radius:6px}
a{color:var(--accent)}.alt{margin:1.25rem 0 0;text-align:center;font-size:.9rem}`

function page(title: string, body: string, options: { accent?: string, note?: string } = {}): string {
  const note = options.note ? `<p class="note">${escape(options.note)}</p>` : ''
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head><body style="--accent:${options.accent ?? '#ec7211'}"><main><h1>${escape(title)}</h1>${note}${body}</main></body></html>`
}

export function loginPage(tx: string, error = ''): string {
  return page('Managed login', `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="tx" value="${escape(tx)}">
  <label>Username <input name="username" autocomplete="username"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <div class="row"><button type="submit">Sign in</button></div>
</form>
<p class="alt"><a href="/google?tx=${encodeURIComponent(tx)}">Continue with Google</a></p>`, { note: 'Stand-in for Cognito\'s hosted login page' })
}

export function signUpPage(tx: string): string {
  return page('Managed sign-up', `<form method="post" action="/signup">
  <input type="hidden" name="tx" value="${escape(tx)}">
  <label>Username <input name="username"></label>
  <label>Email <input name="email" type="email"></label>
  <label>Password <input name="password" type="password" autocomplete="new-password"></label>
  <div class="row"><button type="submit">Sign up</button></div>
</form>`, { note: 'Stand-in for Cognito\'s hosted sign-up page' })
}

/** The upstream identity provider: the user picks an account (its subject) and allows or denies. */
export function googlePage(tx: string): string {
  return page('Sign in with Google', `<form method="post" action="/google">
  <input type="hidden" name="tx" value="${escape(tx)}">
  <label>Account id <input name="sub" value="1001"></label>
  <label>Name <input name="name" value="Grace Google"></label>
  <label>Email <input name="email" value="google-user@example.com"></label>
  <div class="row"><button type="submit" name="decision" value="deny" class="secondary">Deny</button><button type="submit" name="decision" value="allow">Allow</button></div>
</form>`, { accent: '#1a73e8', note: 'Stand-in for Google: pick the account the app will see' })
}

export function errorPage(message: string): string {
  return page('Error', `<p role="alert">${escape(message)}</p>`, { accent: '#b3261e' })
}
