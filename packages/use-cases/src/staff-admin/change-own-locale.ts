import { err, ok, type Result } from '@quittance/domain/shared/result'
import { isLocale } from '@quittance/i18n/locales'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { lockStaffUser } from '@quittance/db/repositories/settings'
import { updateStaffUser } from '@quittance/db/repositories/staff'

/** The language the back office speaks to this staff member (from their next page). */
export async function changeOwnLocale(
  db: Db,
  input: { staffUserId: string; locale: string; ipAddress?: string | null },
): Promise<Result<{ changed: boolean }, 'invalid-locale' | 'not-found'>> {
  if (!isLocale(input.locale)) return err('invalid-locale')
  const locale = input.locale
  return db.transaction(async (tx) => {
    const me = await lockStaffUser(tx, input.staffUserId)
    if (!me) return err('not-found' as const)
    if (me.locale === locale) return ok({ changed: false })
    await updateStaffUser(tx, me.id, { locale })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: me.id,
      action: 'staff.locale_changed',
      subjectType: 'staff_user',
      subjectId: me.id,
      before: { locale: me.locale },
      after: { locale },
      ipAddress: input.ipAddress ?? null,
    })
    return ok({ changed: true })
  })
}
