import { createHash, randomBytes } from 'node:crypto'

// 32 random bytes = 256 bits, written as 43 base64url characters.
const TOKEN_BYTES = 32
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/

export function generateOpaqueToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url')
}

export function hashOpaqueToken(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest())
}

export function looksLikeOpaqueToken(token: string): boolean {
  return TOKEN_FORMAT.test(token)
}
