// Refresh-token rotation as Cognito enforces it for an app client with RefreshTokenRotation ENABLED
// and RetryGracePeriodSeconds 0: every successful GetTokensFromRefreshToken answers a new refresh
// token, and the one presented is dead at once (a second use is refused with NotAuthorizedException).
// cognito-local has no rotation, so the shim issues its own opaque refresh tokens, each standing for
// the cognito-local token behind it (which keeps the user's revocation working: RevokeToken and
// GlobalSignOut revoke that one). Switched at run time (ShimSettings.rotateRefreshTokens); a token
// rotated out stays dead after rotation is switched off, as at Cognito.
import { randomBytes } from 'node:crypto'
import { errorReply, type Reply } from './shim-handlers'

/** Tokens remembered at most (oldest forgotten first), so a flood of refreshes cannot grow memory without bound. */
const MAX_TOKENS = 20_000

export class RefreshTokenRotation {
  /** Refresh token the shim issued → the cognito-local refresh token it stands for. */
  private readonly issued = new Map<string, string>()
  private readonly dead = new Set<string>()

  constructor(readonly enabled: () => boolean) {}

  /** The answer for a refresh token that was rotated out, or undefined. */
  refused(token: unknown): Reply | undefined {
    if (typeof token === 'string' && this.dead.has(token)) return errorReply('NotAuthorizedException', 'Invalid Refresh Token')
  }

  /** The cognito-local refresh token behind the one presented (itself when the shim did not issue it). */
  upstream(token: unknown): unknown {
    return (typeof token === 'string' && this.issued.get(token)) || token
  }

  /** Kills `presented` and returns its successor, standing for the same cognito-local token. */
  rotate(presented: string): string {
    const next = randomBytes(96).toString('base64url')
    this.issued.set(next, String(this.upstream(presented)))
    this.issued.delete(presented)
    this.dead.add(presented)
    for (const map of [this.issued, this.dead]) {
      while (map.size > MAX_TOKENS) map.delete(map.keys().next().value!)
    }
    return next
  }
}

/** GetTokensFromRefreshToken with rotation: `refresh` answers for the cognito-local token; a new refresh token replaces the presented one. */
export async function withRotation(rotation: RefreshTokenRotation, req: any, refresh: (req: any) => Promise<Reply>): Promise<Reply> {
  const refused = rotation.refused(req?.RefreshToken)
  if (refused) return refused
  const res = await refresh({ ...req, RefreshToken: rotation.upstream(req?.RefreshToken) })
  if (res.status >= 300 || !rotation.enabled() || typeof req?.RefreshToken !== 'string') return res
  const body = res.body as { AuthenticationResult: Record<string, unknown> }
  return { ...res, body: { ...body, AuthenticationResult: { ...body.AuthenticationResult, RefreshToken: rotation.rotate(req.RefreshToken) } } }
}
