import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import type { Db } from '@quittance/db/client'
import { findContactsByEmail, findEntityWithBankAccounts } from '@quittance/db/repositories/customers'
import { insertOutboxMessage } from '@quittance/db/repositories/outbox'
import { messagesFor } from '@quittance/i18n/catalog'
import { chooseLocale, intlLocale } from '@quittance/i18n/locales'
import { createTranslator } from '@quittance/i18n/translator'
import { issuePortalLink } from './issue-portal-link'

const MAX_LINKS_PER_REQUEST = 5

/**
 * A debtor asks for a fresh link by e-mail. A link is sent only to a contact on file with that exact address;
 * the caller answers the same way whether or not one exists.
 */
export async function requestPortalLink(
  db: Db,
  input: { email: string; portalBaseUrl: string; now: Date; fallbackLocale: 'fr' | 'en' | 'de' | 'es' },
): Promise<{ sentCount: number }> {
  const contacts = (await findContactsByEmail(db, input.email.trim())).slice(0, MAX_LINKS_PER_REQUEST)
  let sentCount = 0
  for (const contact of contacts) {
    if (!contact.email) continue
    const entity = await findEntityWithBankAccounts(db, contact.entityId)
    if (!entity) continue
    const locale = chooseLocale({
      contactLanguage: contact.language ?? contact.customerLanguage,
      fallback: input.fallbackLocale,
    })
    await db.transaction(async (tx) => {
      const link = await issuePortalLink(tx, {
        customerId: contact.customerId,
        contactId: contact.id,
        purpose: 'requested',
        locale,
        portalBaseUrl: input.portalBaseUrl,
        ttlDays: entity.portalLinkTtlDays,
        now: input.now,
        actor: { type: 'debtor', id: contact.id },
      })
      const intlTag = intlLocale(locale)
      const t = createTranslator(intlTag, messagesFor(locale, 'emails'))
      const values = {
        name: contact.name,
        creditor: entity.tradeName ?? entity.legalName,
        url: link.url,
        expiresOn: formatLocalDate(localDateInTimeZone(link.expiresAt, entity.timeZone), intlTag, 'long'),
      }
      await insertOutboxMessage(tx, {
        entityId: entity.id,
        customerId: contact.customerId,
        contactId: contact.id,
        channel: 'email',
        template: 'portal-link',
        locale,
        recipient: contact.email!,
        subject: t('portalLink.subject', values),
        bodyText: t('portalLink.body', values),
        idempotencyKey: `portal-link:${link.tokenId}`,
      })
    })
    sentCount++
  }
  return { sentCount }
}
