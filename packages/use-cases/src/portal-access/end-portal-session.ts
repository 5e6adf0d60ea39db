import type { Db } from '@quittance/db/client'
import { revokePortalSession } from '@quittance/db/repositories/portal-access'
import { hashOpaqueToken, looksLikeOpaqueToken } from './portal-token'

export async function endPortalSession(db: Db, input: { sessionToken: string | null | undefined; now: Date }) {
  if (!input.sessionToken || !looksLikeOpaqueToken(input.sessionToken)) return
  await revokePortalSession(db, { sessionHash: hashOpaqueToken(input.sessionToken), now: input.now })
}
