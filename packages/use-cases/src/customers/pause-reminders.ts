import type { LocalDate } from '@quittance/domain/dates/local-date'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { lockCustomerForUpdate, updateCustomerColumns } from '@quittance/db/repositories/backoffice-customers'
import { auditCustomerChange } from './audit-customer-change'
import { checkPause, mayChangeCustomers, type PauseFailure, type StaffActor } from './customer-rules'

export type PauseRemindersFailure = 'forbidden' | 'customer-not-found' | PauseFailure

/**
 * "No reminders until … because …": stored on the customer for the reminder engine to honour. The date must be
 * after the entity's today; pausing again replaces the previous pause.
 */
export async function pauseReminders(
  db: Db,
  input: { customerId: string; until: string; reason: string; today: LocalDate; actor: StaffActor },
): Promise<Result<{ until: LocalDate }, PauseRemindersFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  const failure = checkPause(input)
  if (failure) return err(failure)
  const reason = input.reason.trim()
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    await updateCustomerColumns(tx, customer.id, { remindersPausedUntil: input.until, remindersPauseReason: reason })
    await auditCustomerChange(tx, {
      actor: input.actor,
      action: 'customer.reminders_paused',
      customer,
      subjectType: 'customer',
      subjectId: customer.id,
      before: { remindersPausedUntil: customer.remindersPausedUntil, remindersPauseReason: customer.remindersPauseReason },
      after: { remindersPausedUntil: input.until, remindersPauseReason: reason },
    })
    return ok({ until: input.until })
  })
}
