// RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30-second steps: what authenticator apps and Cognito use)
// with node:crypto, so tests can answer SOFTWARE_TOKEN_MFA like a user's phone. The secret is
// the base32 `SecretCode` AssociateSoftwareToken returns (Amplify's totpSetupDetails.sharedSecret).
import { createHmac } from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Decode(text: string): Buffer {
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of text.toUpperCase().replace(/=+$/, '')) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error(`not base32: ${char}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((value >>> bits) & 0xFF)
    }
  }
  return Buffer.from(bytes)
}

/** RFC 4226 HOTP for one counter value. */
export function hotp(secret: Buffer, counter: number): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', secret).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0F
  const code = (mac.readUInt32BE(offset) & 0x7FFFFFFF) % 1_000_000
  return code.toString().padStart(6, '0')
}

/** The code an authenticator app shows at `time` (ms) for a base32 secret. */
export function totp(base32Secret: string, time = Date.now()): string {
  return hotp(base32Decode(base32Secret), Math.floor(time / 30_000))
}
