import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { findCustomerForBackoffice } from '@quittance/db/repositories/backoffice-customers'
import { revokePortalLinks } from '../portal-access/revoke-portal-links'
import { mayChangeCustomers, type StaffActor } from './customer-rules'

export type RevokeCustomerPortalLinksFailure = 'forbidden' | 'customer-not-found'

/** "Revoke all links": every link of the customer stops working and its debtors are signed out. */
export async function revokeCustomerPortalLinks(
  db: Db,
  input: { customerId: string; now: Date; actor: StaffActor },
): Promise<Result<{ revokedCount: number }, RevokeCustomerPortalLinksFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  // revokePortalLinks runs its own transaction; this is only the existence check before it.
  const customer = await findCustomerForBackoffice(db, { customerId: input.customerId, visibility: { kind: 'all' } })
  if (!customer) return err('customer-not-found')
  const { revokedCount } = await revokePortalLinks(db, {
    customerId: customer.id,
    now: input.now,
    actor: { type: 'staff', id: input.actor.id },
    reason: 'revoked_by_staff',
  })
  return ok({ revokedCount })
}
