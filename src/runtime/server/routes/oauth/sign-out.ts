import { defineEventHandler } from 'h3'
import { signOutOfManagedLogin } from '../../oauth/sign-out-flow'

/** GET or POST (same-origin only): revoke, delete every cookie, then the managed login's /logout and back. */
export default defineEventHandler(event => signOutOfManagedLogin(event))
