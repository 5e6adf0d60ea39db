import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { lockCustomerForUpdate, updateCustomerColumns } from '@quittance/db/repositories/backoffice-customers'
import { auditCustomerChange } from './audit-customer-change'
import { mayChangeCustomers, type StaffActor } from './customer-rules'

export type ResumeRemindersFailure = 'forbidden' | 'customer-not-found' | 'not-paused'

/** Ends a pause now. A pause whose date has passed is over already, but clearing it is harmless and recorded. */
export async function resumeReminders(
  db: Db,
  input: { customerId: string; actor: StaffActor },
): Promise<Result<null, ResumeRemindersFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    if (customer.remindersPausedUntil === null) return err('not-paused' as const)
    await updateCustomerColumns(tx, customer.id, { remindersPausedUntil: null, remindersPauseReason: null })
    await auditCustomerChange(tx, {
      actor: input.actor,
      action: 'customer.reminders_resumed',
      customer,
      subjectType: 'customer',
      subjectId: customer.id,
      before: { remindersPausedUntil: customer.remindersPausedUntil, remindersPauseReason: customer.remindersPauseReason },
      after: { remindersPausedUntil: null, remindersPauseReason: null },
    })
    return ok(null)
  })
}
