import { isValidBic, normalizeBic } from '@quittance/domain/banking/bic'
import { parseIban } from '@quittance/domain/banking/iban'
import { isCurrencyCode } from '@quittance/domain/money/currencies'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { insertEntityBankAccount, listEntityBankAccounts, lockEntity } from '@quittance/db/repositories/settings'
import type { StaffActor } from './entity-profile'

export type BankAccountFieldError = 'required' | 'invalid' | 'iban-format' | 'iban-unknown-country' | 'iban-length' | 'iban-checksum' | 'too-long'
export type AddBankAccountFailure =
  | { kind: 'invalid'; fieldErrors: Partial<Record<'iban' | 'bic' | 'currency' | 'bankName', BankAccountFieldError>> }
  | { kind: 'not-found' }
  | { kind: 'duplicate' }

/** Adds an account debtors can pay by transfer (printed on letters and the portal), IBAN checked with mod 97. */
export async function addBankAccount(
  db: Db,
  input: { entityId: string; iban: string; bic: string; currency: string; bankName: string | null; actor: StaffActor },
): Promise<Result<{ id: string }, AddBankAccountFailure>> {
  const fieldErrors: Extract<AddBankAccountFailure, { kind: 'invalid' }>['fieldErrors'] = {}
  const iban = parseIban(input.iban)
  if (!iban.ok) fieldErrors.iban = input.iban.trim() === '' ? 'required' : `iban-${iban.error}`
  const bic = normalizeBic(input.bic)
  if (!isValidBic(bic)) fieldErrors.bic = bic === '' ? 'required' : 'invalid'
  const currency = input.currency.trim().toUpperCase()
  if (!isCurrencyCode(currency)) fieldErrors.currency = currency === '' ? 'required' : 'invalid'
  const bankName = input.bankName?.trim() || null
  if (bankName && bankName.length > 200) fieldErrors.bankName = 'too-long'
  if (!iban.ok || Object.keys(fieldErrors).length > 0) return err({ kind: 'invalid', fieldErrors })

  return db.transaction(async (tx) => {
    const entity = await lockEntity(tx, input.entityId)
    if (!entity) return err({ kind: 'not-found' as const })
    const existing = await listEntityBankAccounts(tx, entity.id)
    if (existing.some((account) => account.iban === iban.value && account.currency === currency)) return err({ kind: 'duplicate' as const })
    const account = await insertEntityBankAccount(tx, { entityId: entity.id, iban: iban.value, bic, currency, bankName })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'entity.bank_account_added',
      subjectType: 'entity',
      subjectId: entity.id,
      entityId: entity.id,
      after: { bankAccountId: account.id, iban: account.iban, bic: account.bic, currency: account.currency, bankName: account.bankName },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ id: account.id })
  })
}
