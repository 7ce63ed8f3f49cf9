import { defineEventHandler } from 'h3'
import { startManagedLogin } from '../../oauth/start-flow'

/** GET ?provider= ?lang= ?redirect= ?customState=: on to the managed login (or the provider's login page). */
export default defineEventHandler(event => startManagedLogin(event, '/oauth2/authorize'))
