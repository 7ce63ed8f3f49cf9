import { defineEventHandler } from 'h3'
import { finishManagedLogin } from '../../oauth/finish-flow'

/** GET ?code=&state= (or ?error=&error_description=) from the managed login: the session, then the return path. */
export default defineEventHandler(event => finishManagedLogin(event))
