import type {
  CreditorIdentity,
  CustomerIdentity,
  InvoiceDocumentData,
  InvoiceLine,
  StatementDocumentData,
  StatementInvoiceRow,
  StatementPaymentRow,
} from '../document-data'

// Each factory returns a complete, consistent document; tests override only what they are about.

export function sampleFrenchCreditor(overrides: Partial<CreditorIdentity> = {}): CreditorIdentity {
  return {
    legalName: 'Atelier Verdier SAS',
    legalForm: 'SAS',
    shareCapital: '50 000 €',
    addressLines: ['12 rue des Tanneurs'],
    postalCode: '69002',
    city: 'Lyon',
    country: 'FR',
    siren: '812 345 678',
    vatNumber: 'FR32812345678',
    registration: 'RCS Lyon 812 345 678',
    email: 'compta@atelier-verdier.fr',
    phone: '+33 4 72 00 00 00',
    legalMentions: 'Escompte pour paiement anticipé : néant.',
    penaltyRateBasisPoints: null,
    bankAccount: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPXXX', bankName: 'Crédit Agricole' },
    ...overrides,
  }
}

export function sampleGermanCreditor(overrides: Partial<CreditorIdentity> = {}): CreditorIdentity {
  return sampleFrenchCreditor({
    legalName: 'Brunnhuber Gartenbau GmbH',
    legalForm: 'GmbH',
    shareCapital: '25.000 €',
    addressLines: ['Lindenstraße 4'],
    postalCode: '80331',
    city: 'München',
    country: 'DE',
    siren: null,
    vatNumber: 'DE123456789',
    registration: 'Amtsgericht München HRB 123456',
    email: 'buchhaltung@brunnhuber.de',
    phone: null,
    legalMentions: null,
    bankAccount: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
    ...overrides,
  })
}

export function sampleProfessionalCustomer(overrides: Partial<CustomerIdentity> = {}): CustomerIdentity {
  return {
    name: 'Boulangerie Martin SARL',
    externalRef: 'C-00421',
    kind: 'professional',
    addressLines: ['3 place Bellecour', 'Bâtiment B'],
    postalCode: '69002',
    city: 'Lyon',
    country: 'FR',
    vatNumber: 'FR40123456789',
    ...overrides,
  }
}

export function sampleConsumerCustomer(overrides: Partial<CustomerIdentity> = {}): CustomerIdentity {
  return sampleProfessionalCustomer({
    name: 'Camille Durand',
    externalRef: 'C-00977',
    kind: 'consumer',
    addressLines: ['8 rue Victor Hugo'],
    vatNumber: null,
    ...overrides,
  })
}

export function sampleInvoiceLine(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    description: 'Entretien annuel des espaces verts',
    quantityMilli: 1000,
    unitPriceMinor: 120000,
    taxRateBasisPoints: 2000,
    netMinor: 120000,
    ...overrides,
  }
}

/** A €1,860.00 invoice (two lines, 20 % VAT) with €500.00 paid and €100.00 credited: €1,260.00 remains. */
export function sampleInvoiceData(
  overrides: { creditor?: Partial<CreditorIdentity>; customer?: Partial<CustomerIdentity> } & Partial<
    Omit<InvoiceDocumentData, 'creditor' | 'customer'>
  > = {},
): InvoiceDocumentData {
  const { creditor, customer, ...rest } = overrides
  return {
    creditor: sampleFrenchCreditor(creditor),
    customer: sampleProfessionalCustomer(customer),
    invoice: {
      number: 'FA-2025-0042',
      issueDate: '2025-09-15',
      dueDate: '2025-10-15',
      currency: 'EUR',
      purchaseOrder: 'BC-7781',
      subtotalMinor: 155000,
      taxMinor: 31000,
      totalMinor: 186000,
      paidMinor: 50000,
      creditedMinor: 10000,
      remainingMinor: 126000,
      lines: [
        sampleInvoiceLine(),
        sampleInvoiceLine({
          description: 'Taille de haies (heures)',
          quantityMilli: 5500,
          unitPriceMinor: 6000,
          netMinor: 33000,
        }),
        sampleInvoiceLine({
          description: 'Évacuation des déchets verts',
          quantityMilli: 1000,
          unitPriceMinor: 2000,
          netMinor: 2000,
        }),
      ],
    },
    paymentReference: 'QTC-FA20250042',
    ...rest,
  }
}

/** The same shape in yen: no minor unit, so ¥186,000 is amountMinor 186000. */
export function sampleJpyInvoiceData(): InvoiceDocumentData {
  const base = sampleInvoiceData()
  return {
    ...base,
    invoice: {
      ...base.invoice,
      number: 'JP-2025-0007',
      currency: 'JPY',
      subtotalMinor: 155000,
      taxMinor: 31000,
      totalMinor: 186000,
      paidMinor: 0,
      creditedMinor: 0,
      remainingMinor: 186000,
      lines: [sampleInvoiceLine({ unitPriceMinor: 155000, netMinor: 155000 })],
    },
  }
}

export function sampleStatementInvoiceRow(overrides: Partial<StatementInvoiceRow> = {}): StatementInvoiceRow {
  return {
    number: 'FA-2025-0042',
    issueDate: '2025-09-15',
    dueDate: '2025-10-15',
    currency: 'EUR',
    totalMinor: 186000,
    settledMinor: 60000,
    remainingMinor: 126000,
    daysLate: 17,
    ...overrides,
  }
}

export function sampleStatementPaymentRow(overrides: Partial<StatementPaymentRow> = {}): StatementPaymentRow {
  return {
    receivedOn: '2025-10-20',
    reference: 'VIR-88213',
    method: 'bank_transfer',
    currency: 'EUR',
    amountMinor: 50000,
    ...overrides,
  }
}

/** Two EUR invoices (€1,260.00 + €450.00 remaining) and one USD invoice ($2,000.00 remaining). */
export function sampleStatementData(overrides: Partial<StatementDocumentData> = {}): StatementDocumentData {
  return {
    creditor: sampleFrenchCreditor(),
    customer: sampleProfessionalCustomer(),
    asOf: '2025-11-01',
    openInvoices: [
      sampleStatementInvoiceRow(),
      sampleStatementInvoiceRow({
        number: 'FA-2025-0051',
        issueDate: '2025-10-10',
        dueDate: '2025-11-09',
        totalMinor: 45000,
        settledMinor: 0,
        remainingMinor: 45000,
        daysLate: 0,
      }),
      sampleStatementInvoiceRow({
        number: 'US-2025-0003',
        currency: 'USD',
        totalMinor: 200000,
        settledMinor: 0,
        remainingMinor: 200000,
        daysLate: 17,
      }),
    ],
    recentPayments: [
      sampleStatementPaymentRow(),
      sampleStatementPaymentRow({
        receivedOn: '2025-10-25',
        reference: null,
        method: 'card',
        amountMinor: 10000,
      }),
    ],
    ...overrides,
  }
}
