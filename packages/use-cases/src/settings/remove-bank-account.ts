import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { deleteEntityBankAccount, lockEntity } from '@quittance/db/repositories/settings'
import type { StaffActor } from './entity-profile'

/** Removes one of the entity's bank accounts; another entity's account is "not found". */
export async function removeBankAccount(
  db: Db,
  input: { entityId: string; bankAccountId: string; actor: StaffActor },
): Promise<Result<{ removed: true }, 'not-found'>> {
  return db.transaction(async (tx) => {
    const entity = await lockEntity(tx, input.entityId)
    if (!entity) return err('not-found' as const)
    const removed = await deleteEntityBankAccount(tx, { entityId: entity.id, bankAccountId: input.bankAccountId })
    if (!removed) return err('not-found' as const)
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'entity.bank_account_removed',
      subjectType: 'entity',
      subjectId: entity.id,
      entityId: entity.id,
      before: { bankAccountId: removed.id, iban: removed.iban, bic: removed.bic, currency: removed.currency, bankName: removed.bankName },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ removed: true as const })
  })
}
