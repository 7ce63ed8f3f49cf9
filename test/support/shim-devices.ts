// Remembered devices (device tracking), which cognito-local 5.3.0 lacks entirely. The shim plays
// Cognito's side, as aws-amplify 6.22.1 drives it (utils/getNewDeviceMetadata.mjs,
// handleDeviceSRPAuth.mjs, apis/rememberDevice|forgetDevice|fetchDevices.mjs):
// - a pool tracks devices when its DeviceConfiguration is set (CreateUserPool/UpdateUserPool store
//   it in the emulator's state). A sign-in that ends with tokens and did not authenticate a device
//   gets AuthenticationResult.NewDeviceMetadata { DeviceKey, DeviceGroupKey } (a pending device of
//   that user);
// - ConfirmDevice (verified access token of that same user) stores the device's SRP verifier
//   (DeviceSecretVerifierConfig { PasswordVerifier, Salt }, base64) and answers
//   UserConfirmationNecessary = DeviceOnlyRememberedOnUserPrompt; without the prompt setting the
//   device is remembered at once, with it only after UpdateDeviceStatus "remembered";
// - a sign-in whose password step carries DEVICE_KEY (InitiateAuth USER_PASSWORD_AUTH, or the
//   PASSWORD_VERIFIER answer of SRP) must name a confirmed device of that user, else
//   ResourceNotFoundException "Device does not exist." (Amplify then drops its device and retries).
//   Cognito answers DEVICE_SRP_AUTH; the client sends SRP_A, gets DEVICE_PASSWORD_VERIFIER
//   { SRP_B, SALT, SECRET_BLOCK } and signs with the device secret: the same SRP as the password
//   (srp-math.ts) with the device group key as "pool name", the device key as "user id" and the
//   random device password. Then: remembered device + ChallengeRequiredOnNewDevice (the console's
//   "bypass MFA for remembered devices") = tokens without MFA; otherwise the MFA challenge the
//   password would have got (or tokens);
// - UpdateDeviceStatus, ForgetDevice, GetDevice, ListDevices with a verified access token, for that
//   user's devices only (another user's device key: ResourceNotFoundException).
// Sessions are the shim's own (opaque, 3 minutes, single-use, bound to user, client and device).
// Devices are kept in memory, at most MAX_DEVICES (oldest dropped first).
import { randomBytes, randomUUID } from 'node:crypto'
import { expectedSignature, N, parseClientA, serverEphemeral, sessionKey, signatureMatches } from './srp-math'
import { mintTokens, noDb, type PendingChallenge, type SignInContext, wrapChallenge } from './shim-challenges'
import { errorReply, type Reply, type VerifyAccessToken } from './shim-handlers'
import { ExpiringHandles } from './shim-sessions'
import { deviceView } from './shim-device-shapes'
import { TIMESTAMP } from './shim-srp'

export const MAX_DEVICES = 10_000
interface Device {
  key: string
  groupKey: string
  poolId: string
  /** The user's internal username (the access token's `username`). */
  username: string
  /** Set by ConfirmDevice: until then the device does not exist for sign-in. */
  verifier?: { v: bigint, saltHex: string }
  remembered: boolean
  name?: string
  created: number
  modified: number
  lastAuthenticated?: number
}
interface DeviceFlow {
  step: 'DEVICE_SRP_AUTH' | 'DEVICE_PASSWORD_VERIFIER'
  device: Device
  clientId: string
  /** What the password step got upstream: tokens, or the MFA challenge to ask unless the device skips it. */
  next: Reply
  srp?: { A: bigint, B: bigint, b: bigint, secretBlock: string }
}
interface DeviceState {
  devices: Map<string, Device>
  flows: ExpiringHandles<DeviceFlow>
}

const states = new WeakMap<SignInContext, DeviceState>()
/** Challenges issued after a device was authenticated: the tokens they end with get no NewDeviceMetadata. */
const deviceAuthenticated = new WeakSet<object>()

function stateOf(ctx: SignInContext): DeviceState {
  let state = states.get(ctx)
  if (!state) states.set(ctx, state = { devices: new Map(), flows: new ExpiringHandles() })
  return state
}
const noDevice = () => errorReply('ResourceNotFoundException', 'Device does not exist.')
const incorrect = () => errorReply('NotAuthorizedException', 'Incorrect username or password.')
const invalidSession = () => errorReply('NotAuthorizedException', 'Invalid session for the user.')

async function deviceConfiguration(ctx: SignInContext, poolId: string): Promise<{ ChallengeRequiredOnNewDevice?: boolean, DeviceOnlyRememberedOnUserPrompt?: boolean } | undefined> {
  return ((await ctx.db!.poolOptions(poolId)) as any)?.DeviceConfiguration ?? undefined
}

/**
 * Adds NewDeviceMetadata to a sign-in's tokens, as Cognito does on a pool with device tracking when
 * no device was authenticated. `pending` is the challenge the request answered, if any.
 */
export async function withNewDevice(ctx: SignInContext, clientId: unknown, reply: Reply, pending?: unknown): Promise<Reply> {
  const result = (reply.body as any)?.AuthenticationResult
  if (reply.status !== 200 || !result?.AccessToken || deviceAuthenticated.has(reply) || (pending && typeof pending === 'object' && deviceAuthenticated.has(pending))) return reply
  const client = ctx.db && await ctx.db.client(clientId)
  if (!client || !(await deviceConfiguration(ctx, client.UserPoolId))) return reply
  const username = JSON.parse(Buffer.from(String(result.AccessToken).split('.')[1] ?? '', 'base64url').toString('utf8') || '{}').username
  if (typeof username !== 'string') return reply
  const { devices } = stateOf(ctx)
  while (devices.size >= MAX_DEVICES) devices.delete(devices.keys().next().value!)
  const now = Date.now()
  const device: Device = { key: `${client.UserPoolId.split('_')[0]}_${randomUUID()}`, groupKey: `-${randomBytes(6).toString('base64url')}`, poolId: client.UserPoolId, username, remembered: false, created: now, modified: now }
  devices.set(device.key, device)
  return { ...reply, body: { ...(reply.body as object), AuthenticationResult: { ...result, NewDeviceMetadata: { DeviceKey: device.key, DeviceGroupKey: device.groupKey } } } }
}

/**
 * The password step of a sign-in that named a DEVICE_KEY, once the password is proven and `next` is
 * what the emulator answered to it: DEVICE_SRP_AUTH for a confirmed device of this user; undefined
 * when the pool does not track devices.
 */
export async function deviceStep(ctx: SignInContext, clientId: string, poolId: string, username: string, deviceKey: unknown, next: Reply): Promise<Reply | undefined> {
  if (!(await deviceConfiguration(ctx, poolId))) return undefined // no device tracking: DEVICE_KEY is ignored
  const device = typeof deviceKey === 'string' ? stateOf(ctx).devices.get(deviceKey) : undefined
  if (!device?.verifier || device.poolId !== poolId || device.username !== username) return noDevice()
  const Session = stateOf(ctx).flows.issue({ step: 'DEVICE_SRP_AUTH', device, clientId, next })
  return { status: 200, body: { ChallengeName: 'DEVICE_SRP_AUTH', Session, ChallengeParameters: { USERNAME: username } } }
}

/** RespondToAuthChallenge DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER. */
export async function respondDeviceChallenge(ctx: SignInContext, req: any): Promise<Reply> {
  if (!ctx.db) return noDb()
  const { flows } = stateOf(ctx)
  const flow = flows.peek(req?.Session)
  if (flow === 'expired') return errorReply('NotAuthorizedException', 'Invalid session for the user, session is expired.')
  const answer = req?.ChallengeResponses ?? {}
  if (!flow || flow.step !== req.ChallengeName || flow.clientId !== req.ClientId || answer.USERNAME !== flow.device.username) return invalidSession()
  flows.spend(req.Session)
  if (answer.DEVICE_KEY !== flow.device.key || !flow.device.verifier) return noDevice()
  const { v, saltHex } = flow.device.verifier
  if (flow.step === 'DEVICE_SRP_AUTH') {
    const A = parseClientA(answer.SRP_A)
    if (A === undefined) return errorReply('InvalidParameterException', 'SRP_A must be a non-zero hex number modulo N.')
    const { b, B } = serverEphemeral(v)
    const secretBlock = randomBytes(256).toString('base64')
    const Session = flows.issue({ ...flow, step: 'DEVICE_PASSWORD_VERIFIER', srp: { A, B, b, secretBlock } })
    return {
      status: 200,
      body: { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session, ChallengeParameters: { USERNAME: flow.device.username, DEVICE_KEY: flow.device.key, SRP_B: B.toString(16), SALT: saltHex, SECRET_BLOCK: secretBlock } },
    }
  }
  const srp = flow.srp!
  if (answer.PASSWORD_CLAIM_SECRET_BLOCK !== srp.secretBlock) return incorrect()
  if (typeof answer.TIMESTAMP !== 'string' || !TIMESTAMP.test(answer.TIMESTAMP)) return errorReply('InvalidParameterException', 'TIMESTAMP format is invalid.')
  const expected = expectedSignature(sessionKey(srp.A, srp.B, srp.b, v), flow.device.groupKey, flow.device.key, srp.secretBlock, answer.TIMESTAMP)
  if (!signatureMatches(expected, answer.PASSWORD_CLAIM_SIGNATURE)) return incorrect()
  // Proven: the client holds this device's secret.
  flow.device.lastAuthenticated = Date.now()
  const config = await deviceConfiguration(ctx, flow.device.poolId)
  const skipsMfa = flow.device.remembered && config?.ChallengeRequiredOnNewDevice === true
  const nextBody = flow.next.body as any
  let reply: Reply
  if (nextBody?.ChallengeName && !skipsMfa) {
    reply = wrapChallenge(ctx, flow.clientId, { status: 200, body: { ...nextBody } })
    const pending = ctx.challenges.peek((reply.body as any).Session) as PendingChallenge
    deviceAuthenticated.add(pending)
  }
  else {
    reply = await mintTokens(ctx, flow.clientId, flow.device.username)
  }
  deviceAuthenticated.add(reply)
  return reply
}

/** A verified access token's user and the named device of that user, or an error reply. */
async function ownDevice(ctx: SignInContext, verify: VerifyAccessToken, req: any): Promise<{ device: Device, poolId: string, username: string } | Reply> {
  const claims = await verify(req?.AccessToken)
  if (!claims) return errorReply('NotAuthorizedException', 'Invalid Access Token')
  const poolId = String(claims.iss).split('/').pop()!
  const username = String(claims.username)
  const device = typeof req.DeviceKey === 'string' ? stateOf(ctx).devices.get(req.DeviceKey) : undefined
  if (!device || device.poolId !== poolId || device.username !== username) return noDevice()
  return { device, poolId, username }
}

/** Base64 (as Amplify sends the verifier config) to hex, or undefined when malformed. */
function base64Hex(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 131_072 || !/^[A-Z0-9+/]+=*$/i.test(value)) return undefined
  const hex = Buffer.from(value, 'base64').toString('hex')
  return hex.length > 0 ? hex : undefined
}

/** ConfirmDevice, UpdateDeviceStatus, ForgetDevice, GetDevice, ListDevices. */
export function deviceOperations(ctx: SignInContext, verify: VerifyAccessToken): Record<string, (req: any) => Promise<Reply>> {
  return {
    ConfirmDevice: async (req) => {
      if (!ctx.db) return noDb()
      const own = await ownDevice(ctx, verify, req)
      if ('status' in own) return own
      if (own.device.verifier) return errorReply('NotAuthorizedException', 'Device is already confirmed.')
      const vHex = base64Hex(req.DeviceSecretVerifierConfig?.PasswordVerifier)
      const saltHex = base64Hex(req.DeviceSecretVerifierConfig?.Salt)
      const v = vHex === undefined ? 0n : BigInt(`0x${vHex}`) % N
      if (!saltHex || v === 0n) return errorReply('InvalidParameterException', 'DeviceSecretVerifierConfig must have a PasswordVerifier and a Salt.')
      const config = await deviceConfiguration(ctx, own.poolId)
      const prompt = config?.DeviceOnlyRememberedOnUserPrompt === true
      Object.assign(own.device, { verifier: { v, saltHex }, remembered: !prompt, modified: Date.now() }, typeof req.DeviceName === 'string' ? { name: req.DeviceName.slice(0, 1024) } : {})
      return { status: 200, body: { UserConfirmationNecessary: prompt } }
    },
    UpdateDeviceStatus: async (req) => {
      const own = await ownDevice(ctx, verify, req)
      if ('status' in own) return own
      if (!own.device.verifier) return noDevice()
      if (req.DeviceRememberedStatus !== 'remembered' && req.DeviceRememberedStatus !== 'not_remembered') {
        return errorReply('InvalidParameterException', 'DeviceRememberedStatus must be remembered or not_remembered.')
      }
      Object.assign(own.device, { remembered: req.DeviceRememberedStatus === 'remembered', modified: Date.now() })
      return { status: 200, body: {} }
    },
    ForgetDevice: async (req) => {
      const own = await ownDevice(ctx, verify, req)
      if ('status' in own) return own
      stateOf(ctx).devices.delete(own.device.key)
      return { status: 200, body: {} }
    },
    GetDevice: async (req) => {
      const own = await ownDevice(ctx, verify, req)
      if ('status' in own) return own
      if (!own.device.verifier) return noDevice()
      return { status: 200, body: { Device: deviceView(own.device) } }
    },
    ListDevices: async (req) => {
      const claims = await verify(req?.AccessToken)
      if (!claims) return errorReply('NotAuthorizedException', 'Invalid Access Token')
      const poolId = String(claims.iss).split('/').pop()
      const limit = Number.isInteger(req.Limit) && req.Limit > 0 && req.Limit <= 60 ? req.Limit : 60
      const mine = [...stateOf(ctx).devices.values()].filter(d => d.verifier && d.poolId === poolId && d.username === claims.username)
      return { status: 200, body: { Devices: mine.slice(0, limit).map(deviceView) } }
    },
  }
}
