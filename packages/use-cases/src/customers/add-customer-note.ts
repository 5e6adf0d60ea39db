import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { lockCustomerForUpdate } from '@quittance/db/repositories/backoffice-customers'
import { insertCustomerNote } from '@quittance/db/repositories/customer-notes'
import { auditCustomerChange } from './audit-customer-change'
import { checkNote, mayChangeCustomers, type NoteFailure, type StaffActor } from './customer-rules'

export type AddCustomerNoteFailure = 'forbidden' | 'customer-not-found' | NoteFailure

/** Notes are plain text (shown as text, never as HTML), 1 to 5,000 characters once trimmed. */
export async function addCustomerNote(
  db: Db,
  input: { customerId: string; body: string; actor: StaffActor; now: Date },
): Promise<Result<{ noteId: string }, AddCustomerNoteFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  const failure = checkNote(input.body)
  if (failure) return err(failure)
  const body = input.body.trim()
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    const note = await insertCustomerNote(tx, { customerId: customer.id, authorId: input.actor.id, body, createdAt: input.now })
    await auditCustomerChange(tx, {
      actor: input.actor,
      action: 'customer_note.added',
      customer,
      subjectType: 'customer_note',
      subjectId: note.id,
      before: null,
      after: { body },
    })
    return ok({ noteId: note.id })
  })
}
