// The user pool's password policy, which cognito-local stores but never enforces (SignUp,
// ConfirmForgotPassword and NEW_PASSWORD_REQUIRED take any password there). Cognito refuses a
// password that breaks it with InvalidPasswordException and these messages.
import type { CognitoDb, DbPasswordPolicy } from './cognito-db'
import { errorReply, type Reply } from './shim-handlers'

// Cognito's special characters: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and space.
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/

/** The first rule `password` breaks, as Cognito words it, or undefined when it conforms. */
export function policyViolation(policy: DbPasswordPolicy, password: string): string | undefined {
  if (password.length < (policy.MinimumLength ?? 8)) return 'Password not long enough'
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters'
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters'
  if (policy.RequireNumbers && !/\d/.test(password)) return 'Password must have numeric characters'
  if (policy.RequireSymbols && !SYMBOL.test(password)) return 'Password must have symbol characters'
}

/** An InvalidPasswordException / InvalidParameterException reply, or undefined when the password may be set. */
export async function checkNewPassword(db: CognitoDb, clientId: unknown, password: unknown): Promise<Reply | undefined> {
  if (typeof password !== 'string' || password === '') return errorReply('InvalidParameterException', 'Missing required parameter PASSWORD')
  const client = await db.client(clientId)
  if (!client) return errorReply('ResourceNotFoundException', 'User pool client does not exist.')
  const violation = policyViolation(await db.passwordPolicy(client.UserPoolId) ?? { MinimumLength: 6 }, password)
  if (violation) return errorReply('InvalidPasswordException', `Password did not conform with policy: ${violation}`)
}
