import { defineEventHandler } from 'h3'
import { startManagedLogin } from '../../oauth/start-flow'

/** GET ?lang= ?redirect=: on to the managed login's sign-up page, with the same proofs as sign-in. */
export default defineEventHandler(event => startManagedLogin(event, '/signup'))
