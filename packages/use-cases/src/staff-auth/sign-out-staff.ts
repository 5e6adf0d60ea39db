import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { revokeAllStaffSessions, revokeStaffSession } from '@quittance/db/repositories/staff'
import { hashOpaqueToken, looksLikeOpaqueToken } from '../portal-access/portal-token'

/** Ends this browser's session, or with `everywhere` every session of the staff member. */
export async function signOutStaff(
  db: Db,
  input: { sessionToken: string | null; staffUserId: string | null; everywhere: boolean; now: Date },
) {
  if (input.everywhere && input.staffUserId) {
    const staffUserId = input.staffUserId
    await db.transaction(async (tx) => {
      const ended = await revokeAllStaffSessions(tx, { staffUserId, now: input.now })
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: staffUserId,
        action: 'staff.signed_out_everywhere',
        subjectType: 'staff_user',
        subjectId: staffUserId,
        after: { endedSessions: ended },
      })
    })
    return
  }
  if (input.sessionToken && looksLikeOpaqueToken(input.sessionToken)) {
    await revokeStaffSession(db, { sessionHash: hashOpaqueToken(input.sessionToken), now: input.now })
  }
}
