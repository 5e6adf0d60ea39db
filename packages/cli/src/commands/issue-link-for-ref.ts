import type { Db } from '@quittance/db/client'
import { findCustomerByExternalRef, findEntityWithBankAccounts, findPrimaryContact } from '@quittance/db/repositories/customers'
import { chooseLocale, type Locale } from '@quittance/i18n/locales'
import { issuePortalLink } from '@quittance/use-cases/portal-access/issue-portal-link'
import { CommandError } from './command-error'

/** Finds exactly one customer by its reference (across entities unless told which) and issues a link. */
export async function issueLinkForRef(db: Db, input: { externalRef: string; portalBaseUrl: string; locale?: Locale; now: Date }) {
  const matches = await findCustomerByExternalRef(db, { externalRef: input.externalRef })
  if (matches.length === 0) throw new CommandError(`No customer has the reference "${input.externalRef}".`)
  if (matches.length > 1) throw new CommandError(`Several entities have a customer "${input.externalRef}"; references must be unique here.`)
  const customer = matches[0]!
  const [contact, entity] = await Promise.all([
    findPrimaryContact(db, customer.id),
    findEntityWithBankAccounts(db, customer.entityId),
  ])
  const locale = input.locale ?? chooseLocale({ contactLanguage: contact?.language ?? customer.language })
  const link = await issuePortalLink(db, {
    customerId: customer.id,
    contactId: contact?.id ?? null,
    purpose: 'operator',
    locale,
    portalBaseUrl: input.portalBaseUrl,
    ttlDays: entity?.portalLinkTtlDays ?? 90,
    now: input.now,
    actor: { type: 'system', id: 'cli' },
  })
  return { ...link, customerName: customer.name }
}
