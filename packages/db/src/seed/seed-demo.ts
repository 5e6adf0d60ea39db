import { eq } from 'drizzle-orm'
import { addDays, type LocalDate } from '@quittance/domain/dates/local-date'
import type { Db } from '../client'
import { creditorEntities } from '../schema/index'
import {
  createBankAccount,
  createContact,
  createCustomer,
  createEntity,
  createInvoice,
  createPayment,
  type InvoiceLineInput,
} from './factories'

export const DEMO_ENTITY_CODE = 'DEMO'

type DemoInvoice = {
  number: string
  issuedDaysAgo: number
  termDays: number
  lines: InvoiceLineInput[]
  paid?: 'full' | number
}

type DemoCustomer = {
  externalRef: string
  name: string
  kind: 'professional' | 'consumer' | 'public_body'
  country: string
  language: string
  currency: string
  segment: string
  address: { lines: string[]; postalCode: string; city: string }
  contact: { name: string; email: string; language: string }
  invoices: (DemoInvoice & { currency?: string })[]
}

const service = (description: string, unitPriceMinor: number, quantity = 1, taxRateBasisPoints = 2000) => ({
  description,
  quantityMilli: quantity * 1000,
  unitPriceMinor,
  taxRateBasisPoints,
})

// Debtors in six countries and four currencies, with invoices not yet due, a few days late and over 90 days
// late, partly paid and paid: enough to see every state of the portal.
const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    externalRef: 'CUST-FR-001',
    name: 'Boulangerie Martin SARL',
    kind: 'professional',
    country: 'FR',
    language: 'fr',
    currency: 'EUR',
    segment: 'SMB',
    address: { lines: ['4 place Bellecour'], postalCode: '69002', city: 'Lyon' },
    contact: { name: 'Claire Martin', email: 'claire.martin@boulangerie-martin.example', language: 'fr' },
    invoices: [
      { number: 'F-2026-0101', issuedDaysAgo: 10, termDays: 30, lines: [service('Maintenance four à sole — novembre', 48_000)] },
      { number: 'F-2026-0087', issuedDaysAgo: 35, termDays: 30, lines: [service('Pièces détachées pétrin', 12_550, 3)] },
      {
        number: 'F-2026-0064',
        issuedDaysAgo: 75,
        termDays: 30,
        lines: [service('Installation chambre de pousse', 320_000), service('Déplacement technicien', 9_000, 2)],
        paid: 150_000,
      },
      { number: 'F-2026-0031', issuedDaysAgo: 160, termDays: 45, lines: [service('Contrat d’entretien annuel', 186_000)] },
      { number: 'F-2026-0012', issuedDaysAgo: 200, termDays: 30, lines: [service('Révision générale', 54_000)], paid: 'full' },
    ],
  },
  {
    externalRef: 'CUST-FR-002',
    name: 'Camille Bernard',
    kind: 'consumer',
    country: 'FR',
    language: 'fr',
    currency: 'EUR',
    segment: 'Particuliers',
    address: { lines: ['18 rue des Lilas'], postalCode: '75020', city: 'Paris' },
    contact: { name: 'Camille Bernard', email: 'camille.bernard@example.test', language: 'fr' },
    invoices: [
      { number: 'F-2026-0095', issuedDaysAgo: 20, termDays: 14, lines: [service('Réparation robot pâtissier', 18_990)] },
      { number: 'F-2026-0070', issuedDaysAgo: 50, termDays: 14, lines: [service('Extension de garantie 2 ans', 7_900)], paid: 'full' },
    ],
  },
  {
    externalRef: 'CUST-DE-001',
    name: 'Müller Maschinenbau GmbH',
    kind: 'professional',
    country: 'DE',
    language: 'de',
    currency: 'EUR',
    segment: 'Enterprise',
    address: { lines: ['Industriestraße 7'], postalCode: '70565', city: 'Stuttgart' },
    contact: { name: 'Jürgen Müller', email: 'buchhaltung@mueller-maschinenbau.example', language: 'de' },
    invoices: [
      { number: 'F-2026-0099', issuedDaysAgo: 15, termDays: 30, lines: [service('Ersatzteile Förderband', 76_400, 2, 0)] },
      { number: 'F-2026-0078', issuedDaysAgo: 48, termDays: 30, lines: [service('Wartungsvertrag Q3', 240_000, 1, 0)] },
      { number: 'F-2026-0041', issuedDaysAgo: 130, termDays: 30, lines: [service('Schulung Bedienpersonal', 95_000, 1, 0)], paid: 40_000 },
    ],
  },
  {
    externalRef: 'CUST-ES-001',
    name: 'Distribuciones Ibéricas S.L.',
    kind: 'professional',
    country: 'ES',
    language: 'es',
    currency: 'EUR',
    segment: 'SMB',
    address: { lines: ['Calle de Alcalá 120'], postalCode: '28009', city: 'Madrid' },
    contact: { name: 'Lucía García', email: 'cuentas@distribuciones-ibericas.example', language: 'es' },
    invoices: [
      { number: 'F-2026-0104', issuedDaysAgo: 5, termDays: 60, lines: [service('Suministro vitrinas refrigeradas', 410_000, 1, 0)] },
      { number: 'F-2026-0069', issuedDaysAgo: 66, termDays: 60, lines: [service('Transporte y montaje', 35_000, 1, 0)] },
    ],
  },
  {
    externalRef: 'CUST-UK-001',
    name: 'Thames Logistics Ltd',
    kind: 'professional',
    country: 'GB',
    language: 'en',
    currency: 'GBP',
    segment: 'Enterprise',
    address: { lines: ['221 Wharf Road'], postalCode: 'E1W 1AA', city: 'London' },
    contact: { name: 'Oliver Hughes', email: 'accounts.payable@thames-logistics.example', language: 'en' },
    invoices: [
      { number: 'F-2026-0097', issuedDaysAgo: 12, termDays: 30, lines: [service('Conveyor inspection', 125_000, 1, 0)] },
      { number: 'F-2026-0080', issuedDaysAgo: 40, termDays: 30, lines: [service('Spare rollers', 2_450, 40, 0)] },
      { number: 'F-2026-0058', issuedDaysAgo: 95, termDays: 30, lines: [service('Emergency call-out', 68_000, 1, 0)], paid: 'full' },
      {
        number: 'F-2026-0083',
        currency: 'EUR',
        issuedDaysAgo: 38,
        termDays: 30,
        lines: [service('Dock leveller service (EU site)', 86_000, 1, 0)],
      },
    ],
  },
  {
    externalRef: 'CUST-US-001',
    name: 'Hudson Retail Inc.',
    kind: 'professional',
    country: 'US',
    language: 'en',
    currency: 'USD',
    segment: 'Enterprise',
    address: { lines: ['350 Fifth Avenue'], postalCode: 'NY 10118', city: 'New York' },
    contact: { name: 'Emily Carter', email: 'ap@hudson-retail.example', language: 'en' },
    invoices: [
      { number: 'F-2026-0093', issuedDaysAgo: 25, termDays: 45, lines: [service('Display oven lease — Q4', 450_000, 1, 0)] },
      { number: 'F-2026-0052', issuedDaysAgo: 110, termDays: 30, lines: [service('Installation services', 182_500, 1, 0)], paid: 82_500 },
    ],
  },
  {
    externalRef: 'CUST-JP-001',
    name: 'Sakura Trading K.K.',
    kind: 'professional',
    country: 'JP',
    language: 'en',
    currency: 'JPY',
    segment: 'Export',
    address: { lines: ['2-1-1 Nihonbashi', 'Chuo-ku'], postalCode: '103-0027', city: 'Tokyo' },
    contact: { name: 'Haruto Sato', email: 'keiri@sakura-trading.example', language: 'en' },
    invoices: [
      { number: 'F-2026-0090', issuedDaysAgo: 28, termDays: 30, lines: [service('Bread slicer units', 385_000, 2, 0)] },
      { number: 'F-2026-0061', issuedDaysAgo: 70, termDays: 30, lines: [service('Spare blades', 12_800, 10, 0)] },
    ],
  },
]

export type DemoSeedResult = { created: boolean; entityId: string; customerRefs: string[] }

/** Seeds the demo creditor and its debtors once; running it again changes nothing. */
export async function seedDemo(db: Db, input: { today: LocalDate }): Promise<DemoSeedResult> {
  const [existing] = await db
    .select({ id: creditorEntities.id })
    .from(creditorEntities)
    .where(eq(creditorEntities.code, DEMO_ENTITY_CODE))
  const customerRefs = DEMO_CUSTOMERS.map((c) => c.externalRef)
  if (existing) return { created: false, entityId: existing.id, customerRefs }

  return db.transaction(async (tx) => {
    const entity = await createEntity(tx, {
      code: DEMO_ENTITY_CODE,
      legalMentions: 'Escompte pour paiement anticipé : néant. TVA acquittée sur les débits.',
    })
    await createBankAccount(tx, {
      entityId: entity.id,
      currency: 'EUR',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPPXXX',
      bankName: 'Crédit Agricole',
    })
    await createBankAccount(tx, {
      entityId: entity.id,
      currency: 'GBP',
      iban: 'GB29NWBK60161331926819',
      bic: 'NWBKGB2L',
      bankName: 'NatWest',
    })
    for (const demo of DEMO_CUSTOMERS) {
      const customer = await createCustomer(tx, {
        entityId: entity.id,
        externalRef: demo.externalRef,
        name: demo.name,
        kind: demo.kind,
        country: demo.country,
        language: demo.language,
        currency: demo.currency,
        segment: demo.segment,
        addressLines: demo.address.lines,
        postalCode: demo.address.postalCode,
        city: demo.address.city,
      })
      await createContact(tx, { customerId: customer.id, ...demo.contact, isPrimary: true })
      for (const spec of demo.invoices) {
        const issueDate = addDays(input.today, -spec.issuedDaysAgo)
        const invoice = await createInvoice(tx, {
          entityId: entity.id,
          customerId: customer.id,
          number: spec.number,
          currency: spec.currency ?? demo.currency,
          issueDate,
          dueDate: addDays(issueDate, spec.termDays),
          lines: spec.lines,
        })
        if (spec.paid) {
          const amountMinor = spec.paid === 'full' ? invoice.totalMinor : spec.paid
          await createPayment(tx, {
            entityId: entity.id,
            customerId: customer.id,
            currency: invoice.currency,
            amountMinor,
            receivedOn: addDays(invoice.dueDate, -2),
            externalRef: `VIR-${spec.number}`,
            allocations: [{ invoiceId: invoice.id, amountMinor }],
          })
        }
      }
    }
    return { created: true, entityId: entity.id, customerRefs }
  })
}
