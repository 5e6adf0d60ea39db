// What each kind of import can fill, and the column titles people actually use for it (EN, FR, DE, ES). The
// synonyms only drive the suggested mapping; the user confirms or changes it before anything is read.

export const IMPORT_KINDS = ['customers', 'contacts', 'invoices', 'payments'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export function isImportKind(value: unknown): value is ImportKind {
  return typeof value === 'string' && (IMPORT_KINDS as readonly string[]).includes(value)
}

export type FieldType =
  | 'reference'
  | 'text'
  | 'date'
  | 'amount'
  | 'currency'
  | 'country'
  | 'language'
  | 'email'
  | 'phone'
  | 'customer_kind'
  | 'payment_method'
  | 'boolean'

export type ImportField = {
  key: string
  type: FieldType
  required: boolean
  maxLength: number
  synonyms: readonly string[]
}

const REF = 100
const NAME = 300
const TEXT = 500

const CUSTOMER_REF_SYNONYMS = [
  'customer ref', 'customer reference', 'customer id', 'customer number', 'customer no', 'customer code', 'customer',
  'account number', 'account', 'client id', 'client ref',
  'code client', 'numero client', 'n client', 'no client', 'reference client', 'ref client', 'identifiant client',
  'compte client', 'client',
  'kundennummer', 'kunden nr', 'kundennr', 'debitorennummer', 'debitor', 'debitor nr', 'kunde',
  'numero de cliente', 'no cliente', 'n cliente', 'codigo cliente', 'codigo de cliente', 'id cliente',
  'referencia cliente', 'cliente',
]

const EMAIL_SYNONYMS = [
  'email', 'e mail', 'mail', 'email address', 'courriel', 'adresse email', 'adresse e mail', 'adresse mail',
  'e mail adresse', 'correo', 'correo electronico', 'email de contacto',
]
const PHONE_SYNONYMS = [
  'phone', 'phone number', 'telephone', 'tel', 'mobile', 'portable', 'numero de telephone', 'telefon',
  'telefonnummer', 'handy', 'telefono', 'movil',
]
const LANGUAGE_SYNONYMS = ['language', 'lang', 'locale', 'langue', 'sprache', 'idioma', 'lengua']
const CURRENCY_SYNONYMS = ['currency', 'currency code', 'cur', 'ccy', 'devise', 'monnaie', 'wahrung', 'moneda', 'divisa']
const INVOICE_NUMBER_SYNONYMS = [
  'invoice number', 'invoice no', 'invoice', 'invoice id', 'invoice ref', 'invoice reference', 'document number',
  'numero de facture', 'numero facture', 'n facture', 'no facture', 'num facture', 'facture', 'reference facture',
  'ref facture', 'piece', 'numero de piece',
  'rechnungsnummer', 'rechnungs nr', 'rechnungsnr', 'rechnung', 'rechnung nr', 'belegnummer',
  'numero de factura', 'no factura', 'n factura', 'num factura', 'factura', 'no de factura',
]

const CUSTOMER_FIELDS: readonly ImportField[] = [
  {
    key: 'external_ref', type: 'reference', required: true, maxLength: REF,
    synonyms: ['external ref', 'external reference', 'reference', 'ref', 'id', 'code', 'referenz', 'referencia', ...CUSTOMER_REF_SYNONYMS.filter((s) => !['customer', 'client', 'kunde', 'cliente'].includes(s))],
  },
  {
    key: 'name', type: 'text', required: true, maxLength: NAME,
    synonyms: [
      'name', 'customer name', 'company', 'company name', 'legal name', 'customer', 'client',
      'nom', 'nom du client', 'raison sociale', 'societe', 'denomination', 'nom client',
      'firmenname', 'firma', 'kundenname', 'name des kunden', 'kunde',
      'nombre', 'razon social', 'nombre del cliente', 'empresa', 'cliente',
    ],
  },
  {
    key: 'kind', type: 'customer_kind', required: false, maxLength: 40,
    synonyms: ['kind', 'type', 'customer type', 'customer kind', 'type de client', 'type client', 'kundentyp', 'kundenart', 'tipo', 'tipo de cliente'],
  },
  { key: 'country', type: 'country', required: false, maxLength: 60, synonyms: ['country', 'country code', 'pays', 'code pays', 'land', 'landercode', 'pais', 'codigo pais', 'codigo de pais'] },
  { key: 'language', type: 'language', required: false, maxLength: 40, synonyms: LANGUAGE_SYNONYMS },
  { key: 'currency', type: 'currency', required: false, maxLength: 10, synonyms: CURRENCY_SYNONYMS },
  { key: 'segment', type: 'text', required: false, maxLength: 100, synonyms: ['segment', 'category', 'customer group', 'categorie', 'categorie client', 'groupe', 'kundengruppe', 'kategorie', 'segmento', 'categoria', 'grupo'] },
  { key: 'email', type: 'email', required: false, maxLength: 254, synonyms: EMAIL_SYNONYMS },
  { key: 'phone', type: 'phone', required: false, maxLength: 40, synonyms: PHONE_SYNONYMS },
  {
    key: 'contact_name', type: 'text', required: false, maxLength: NAME,
    synonyms: ['contact', 'contact name', 'nom du contact', 'interlocuteur', 'ansprechpartner', 'kontakt', 'kontaktperson', 'persona de contacto', 'contacto'],
  },
  {
    key: 'vat_number', type: 'reference', required: false, maxLength: 40,
    synonyms: ['vat', 'vat number', 'vat id', 'vat no', 'tax id', 'numero de tva', 'n tva', 'tva intracommunautaire', 'numero tva intracommunautaire', 'ust idnr', 'ust id', 'umsatzsteuer id', 'ustid', 'nif', 'cif', 'nif cif', 'numero iva', 'nif iva'],
  },
  { key: 'siren', type: 'reference', required: false, maxLength: 20, synonyms: ['siren', 'n siren', 'numero siren'] },
  {
    key: 'address_line1', type: 'text', required: false, maxLength: TEXT,
    synonyms: ['address', 'address line 1', 'address 1', 'street', 'adresse', 'adresse 1', 'adresse ligne 1', 'rue', 'strasse', 'anschrift', 'adresse zeile 1', 'direccion', 'domicilio', 'direccion 1', 'calle'],
  },
  {
    key: 'address_line2', type: 'text', required: false, maxLength: TEXT,
    synonyms: ['address line 2', 'address 2', 'adresse 2', 'adresse ligne 2', 'complement d adresse', 'complement adresse', 'adresszusatz', 'adresse zeile 2', 'direccion 2'],
  },
  { key: 'postal_code', type: 'text', required: false, maxLength: 20, synonyms: ['postal code', 'postcode', 'post code', 'zip', 'zip code', 'code postal', 'cp', 'plz', 'postleitzahl', 'codigo postal', 'cod postal'] },
  { key: 'city', type: 'text', required: false, maxLength: 200, synonyms: ['city', 'town', 'ville', 'commune', 'localite', 'ort', 'stadt', 'ciudad', 'localidad', 'poblacion', 'municipio'] },
  {
    key: 'credit_limit', type: 'amount', required: false, maxLength: 40,
    synonyms: ['credit limit', 'limite de credit', 'encours autorise', 'plafond', 'plafond de credit', 'kreditlimit', 'kreditrahmen', 'limite de credito', 'limite credito'],
  },
]

const CONTACT_FIELDS: readonly ImportField[] = [
  { key: 'customer_ref', type: 'reference', required: true, maxLength: REF, synonyms: CUSTOMER_REF_SYNONYMS },
  {
    key: 'name', type: 'text', required: true, maxLength: NAME,
    synonyms: ['name', 'contact', 'contact name', 'full name', 'nom', 'nom du contact', 'nom complet', 'prenom nom', 'interlocuteur', 'ansprechpartner', 'kontakt', 'nombre', 'nombre completo', 'contacto'],
  },
  { key: 'email', type: 'email', required: false, maxLength: 254, synonyms: EMAIL_SYNONYMS },
  { key: 'phone', type: 'phone', required: false, maxLength: 40, synonyms: PHONE_SYNONYMS },
  { key: 'language', type: 'language', required: false, maxLength: 40, synonyms: LANGUAGE_SYNONYMS },
  { key: 'role', type: 'text', required: false, maxLength: 100, synonyms: ['role', 'function', 'position', 'job title', 'fonction', 'poste', 'rolle', 'funktion', 'position', 'cargo', 'puesto', 'funcion'] },
  {
    key: 'is_primary', type: 'boolean', required: false, maxLength: 10,
    synonyms: ['primary', 'is primary', 'main contact', 'principal', 'contact principal', 'hauptkontakt', 'primar', 'contacto principal'],
  },
]

const INVOICE_FIELDS: readonly ImportField[] = [
  { key: 'number', type: 'reference', required: true, maxLength: REF, synonyms: ['number', 'numero', 'nummer', ...INVOICE_NUMBER_SYNONYMS] },
  { key: 'customer_ref', type: 'reference', required: true, maxLength: REF, synonyms: CUSTOMER_REF_SYNONYMS },
  {
    key: 'issue_date', type: 'date', required: true, maxLength: 40,
    synonyms: ['issue date', 'invoice date', 'date', 'issued on', 'date de facture', 'date facture', 'date d emission', 'date emission', 'date de facturation', 'rechnungsdatum', 'belegdatum', 'datum', 'ausstellungsdatum', 'fecha', 'fecha de factura', 'fecha factura', 'fecha de emision', 'fecha emision'],
  },
  {
    key: 'due_date', type: 'date', required: true, maxLength: 40,
    synonyms: ['due date', 'due', 'due on', 'payment due', 'date d echeance', 'echeance', 'date echeance', 'date limite de paiement', 'falligkeit', 'falligkeitsdatum', 'fallig am', 'zahlungsziel', 'fecha de vencimiento', 'vencimiento', 'fecha vencimiento'],
  },
  { key: 'currency', type: 'currency', required: false, maxLength: 10, synonyms: CURRENCY_SYNONYMS },
  {
    key: 'total', type: 'amount', required: true, maxLength: 40,
    synonyms: ['total', 'amount', 'total amount', 'amount due', 'gross amount', 'gross', 'total incl vat', 'total ttc', 'montant ttc', 'montant', 'ttc', 'montant total', 'bruttobetrag', 'brutto', 'gesamtbetrag', 'betrag', 'rechnungsbetrag', 'importe', 'importe total', 'total factura', 'total con iva'],
  },
  {
    key: 'subtotal', type: 'amount', required: false, maxLength: 40,
    synonyms: ['subtotal', 'net', 'net amount', 'total excl vat', 'total ht', 'montant ht', 'ht', 'nettobetrag', 'netto', 'base imponible', 'importe neto', 'neto'],
  },
  {
    key: 'tax', type: 'amount', required: false, maxLength: 40,
    synonyms: ['tax', 'vat', 'vat amount', 'tax amount', 'tva', 'montant tva', 'mwst', 'mehrwertsteuer', 'ust', 'steuer', 'steuerbetrag', 'iva', 'impuesto', 'cuota iva', 'importe iva'],
  },
  {
    key: 'purchase_order', type: 'reference', required: false, maxLength: REF,
    synonyms: ['purchase order', 'po', 'po number', 'order number', 'bon de commande', 'n commande', 'numero de commande', 'commande', 'bestellnummer', 'bestellung', 'auftragsnummer', 'pedido', 'orden de compra', 'numero de pedido'],
  },
  {
    key: 'pdf_filename', type: 'text', required: false, maxLength: 255,
    synonyms: ['pdf', 'pdf file', 'file', 'filename', 'file name', 'document', 'fichier', 'fichier pdf', 'nom du fichier', 'datei', 'dateiname', 'archivo', 'fichero', 'documento', 'nombre de archivo'],
  },
]

const PAYMENT_FIELDS: readonly ImportField[] = [
  {
    key: 'external_ref', type: 'reference', required: true, maxLength: REF,
    synonyms: ['external ref', 'payment id', 'payment ref', 'payment reference', 'payment number', 'transaction id', 'transaction', 'reference', 'ref', 'id', 'reference paiement', 'id paiement', 'n reglement', 'numero de reglement', 'reference reglement', 'zahlungsreferenz', 'zahlungs id', 'zahlungsnummer', 'referenz', 'buchungsnummer', 'referencia', 'referencia de pago', 'id de pago', 'numero de pago'],
  },
  { key: 'customer_ref', type: 'reference', required: true, maxLength: REF, synonyms: CUSTOMER_REF_SYNONYMS },
  {
    key: 'received_on', type: 'date', required: true, maxLength: 40,
    synonyms: ['received on', 'received', 'payment date', 'date', 'value date', 'date de paiement', 'date du reglement', 'date de reglement', 'date reglement', 'date valeur', 'date d encaissement', 'zahlungsdatum', 'eingangsdatum', 'valutadatum', 'wertstellung', 'datum', 'fecha', 'fecha de pago', 'fecha de cobro', 'fecha valor'],
  },
  { key: 'currency', type: 'currency', required: false, maxLength: 10, synonyms: CURRENCY_SYNONYMS },
  {
    key: 'amount', type: 'amount', required: true, maxLength: 40,
    synonyms: ['amount', 'paid', 'amount paid', 'payment amount', 'montant', 'montant regle', 'montant paye', 'montant du reglement', 'reglement', 'betrag', 'zahlbetrag', 'gezahlt', 'zahlungsbetrag', 'importe', 'importe pagado', 'cantidad', 'importe cobrado'],
  },
  {
    key: 'method', type: 'payment_method', required: false, maxLength: 60,
    synonyms: ['method', 'payment method', 'payment type', 'mode de paiement', 'mode de reglement', 'moyen de paiement', 'type de reglement', 'zahlungsart', 'zahlungsweise', 'zahlungsmethode', 'metodo', 'metodo de pago', 'forma de pago', 'medio de pago'],
  },
  { key: 'invoice_number', type: 'reference', required: false, maxLength: REF, synonyms: INVOICE_NUMBER_SYNONYMS },
]

export const IMPORT_FIELDS: Readonly<Record<ImportKind, readonly ImportField[]>> = {
  customers: CUSTOMER_FIELDS,
  contacts: CONTACT_FIELDS,
  invoices: INVOICE_FIELDS,
  payments: PAYMENT_FIELDS,
}

export function fieldsOf(kind: ImportKind): readonly ImportField[] {
  return IMPORT_FIELDS[kind]
}

export function findField(kind: ImportKind, key: string): ImportField | undefined {
  return IMPORT_FIELDS[kind].find((field) => field.key === key)
}

/** The column of a kind that identifies a row: what re-imports upsert on and what must be unique in a file. */
export const KEY_FIELD: Readonly<Record<ImportKind, string>> = {
  customers: 'external_ref',
  contacts: 'customer_ref',
  invoices: 'number',
  payments: 'external_ref',
}
