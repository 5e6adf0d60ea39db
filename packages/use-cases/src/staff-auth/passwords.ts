import { hash, verify, type Algorithm } from '@node-rs/argon2'

// OWASP's argon2id floor (SECURITY.md): 19 MiB, 2 passes, 1 lane.
// Algorithm is a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 }
export const MIN_PASSWORD_LENGTH = 12

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

// Verifying against this when the e-mail is unknown makes both answers take the same time.
let decoyHash: Promise<string> | null = null

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoyHash ??= hashPassword('decoy password that never matches')
    await verify(await decoyHash, password)
    return false
  }
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}
