import { parseAmount } from '@quittance/domain/money/parse-amount'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { lockCustomerForUpdate, updateCustomerColumns } from '@quittance/db/repositories/backoffice-customers'
import { auditCustomerChange } from './audit-customer-change'
import { isLanguage, LIMITS, mayChangeCustomers, textLength, type StaffActor } from './customer-rules'

export type UpdateCustomerFailure =
  | 'forbidden'
  | 'customer-not-found'
  | 'segment-too-long'
  | 'invalid-language'
  | 'invalid-credit-limit'

/**
 * Segment, credit limit and language. The credit limit is typed in the customer's currency ("12 500,00" or
 * "12,500.00"); empty means no limit, as does an empty segment.
 */
export async function updateCustomer(
  db: Db,
  input: { customerId: string; segment: string; creditLimit: string; language: string; actor: StaffActor },
): Promise<Result<{ changed: boolean }, UpdateCustomerFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  const segment = input.segment.trim() || null
  if (segment !== null && textLength(segment) > LIMITS.segment) return err('segment-too-long')
  if (!isLanguage(input.language)) return err('invalid-language')
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    let creditLimitMinor: number | null = null
    if (input.creditLimit.trim() !== '') {
      const parsed = parseAmount(input.creditLimit, customer.currency)
      if (!parsed.ok) return err('invalid-credit-limit' as const)
      creditLimitMinor = parsed.value.amountMinor
    }
    const before = { segment: customer.segment, creditLimitMinor: customer.creditLimitMinor, language: customer.language }
    const after = { segment, creditLimitMinor, language: input.language }
    const changedKeys = (Object.keys(before) as (keyof typeof before)[]).filter((key) => before[key] !== after[key])
    if (changedKeys.length === 0) return ok({ changed: false })
    const changes = Object.fromEntries(changedKeys.map((key) => [key, after[key]]))
    await updateCustomerColumns(tx, customer.id, changes)
    await auditCustomerChange(tx, {
      actor: input.actor,
      action: 'customer.updated',
      customer,
      subjectType: 'customer',
      subjectId: customer.id,
      before: Object.fromEntries(changedKeys.map((key) => [key, before[key]])),
      after: changes,
    })
    return ok({ changed: true })
  })
}
