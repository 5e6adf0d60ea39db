import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { lockCustomerForUpdate } from '@quittance/db/repositories/backoffice-customers'
import { lockContactForUpdate } from '@quittance/db/repositories/contacts'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { revokePortalAccessForCustomer } from '@quittance/db/repositories/portal-access'
import { chooseLocale } from '@quittance/i18n/locales'
import { issuePortalLink, type IssuedPortalLink } from '../portal-access/issue-portal-link'
import { mayChangeCustomers, type StaffActor } from './customer-rules'

export type IssueCustomerPortalLinkFailure = 'forbidden' | 'customer-not-found' | 'contact-not-found'

/**
 * A staff member issues a fresh debtor link, to show once and copy. With `revokeOthers` it is a re-issue: every
 * earlier link and session of the customer stops working in the same transaction.
 */
export async function issueCustomerPortalLink(
  db: Db,
  input: {
    customerId: string
    contactId: string | null
    revokeOthers: boolean
    portalBaseUrl: string
    ttlDays: number
    now: Date
    actor: StaffActor
  },
): Promise<Result<IssuedPortalLink & { revokedCount: number }, IssueCustomerPortalLinkFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    const contact = input.contactId ? await lockContactForUpdate(tx, { customerId: customer.id, contactId: input.contactId }) : null
    if (input.contactId && !contact) return err('contact-not-found' as const)
    let revokedCount = 0
    if (input.revokeOthers) {
      revokedCount = await revokePortalAccessForCustomer(tx, { customerId: customer.id, now: input.now })
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: input.actor.id,
        action: 'portal_link.revoked_all',
        subjectType: 'customer',
        subjectId: customer.id,
        entityId: customer.entityId,
        customerId: customer.id,
        after: { revokedCount, reason: 'reissued' },
        ipAddress: input.actor.ipAddress ?? null,
      })
    }
    const link = await issuePortalLink(tx, {
      customerId: customer.id,
      contactId: contact?.id ?? null,
      purpose: 'staff',
      locale: chooseLocale({ contactLanguage: contact?.language ?? customer.language }),
      portalBaseUrl: input.portalBaseUrl,
      ttlDays: input.ttlDays,
      now: input.now,
      actor: { type: 'staff', id: input.actor.id },
    })
    return ok({ ...link, revokedCount })
  })
}
