import type { JWTPayload } from 'jose'

/**
 * The `signInDetails` cookie, as Amplify writes it at sign-in (@aws-amplify/auth signInWith*.mjs):
 * `{ loginId: <what the user typed as username>, authFlowType: <the sign-in flow> }`. Amplify's
 * `getCurrentUser` returns it as part of the user, so a browser could otherwise make the server
 * say that anyone signed in as anyone (`loginId: 'admin@corp.example'`) or, nested thousands of
 * levels deep, overflow the stack wherever the user is frozen or serialised.
 */
export interface SignInDetails {
  loginId?: string
  authFlowType?: string
}

// Amplify's AuthFlowType (@aws-amplify/auth providers/cognito/types/models.d.ts): the flows that write this cookie.
const AUTH_FLOW_TYPES = new Set(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_WITH_SRP', 'CUSTOM_WITHOUT_SRP', 'USER_AUTH'])
// A genuine value is `{"loginId":"…","authFlowType":"…"}`; Cognito caps a username at 128 characters
// and an attribute (e-mail, phone) at 2,048. Anything longer is not Amplify's, and the bound keeps
// JSON.parse's work (and any nesting) small before the shape is even looked at.
const MAX_LENGTH = 4096
// What a user can type as the login id, in the verified tokens: the username, and the id token's
// sign-in aliases (Cognito's alias and username attributes).
const ID_TOKEN_ALIASES = ['cognito:username', 'email', 'phone_number', 'preferred_username'] as const

/** The cookie's value when it has exactly Amplify's shape (a flat object of those two strings), else `undefined`. */
export function parseSignInDetails(value: string): SignInDetails | undefined {
  if (value.length > MAX_LENGTH) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  }
  catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  for (const [key, field] of Object.entries(parsed)) {
    if (key === 'loginId' ? typeof field !== 'string' : key !== 'authFlowType' || !AUTH_FLOW_TYPES.has(field)) return undefined
  }
  return parsed as SignInDetails
}

/**
 * Whether `loginId` is something the verified tokens say about their user. Compared ignoring case:
 * Cognito user pools are case-insensitive by default (Amplify creates them so), and `loginId` is
 * what the user typed ("Alice@Example.com" for alice@example.com).
 */
export function isLoginIdOf(loginId: string, access: JWTPayload, id: JWTPayload): boolean {
  const typed = loginId.toLowerCase()
  const known = [access.username, ...ID_TOKEN_ALIASES.map(claim => id[claim])]
  return known.some(claim => typeof claim === 'string' && claim.toLowerCase() === typed)
}
