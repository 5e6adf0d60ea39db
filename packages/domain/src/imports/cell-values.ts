import { currencyExponent, isCurrencyCode } from '../money/currencies'
import { parseAmount } from '../money/parse-amount'
import { parseDayFirstDate, parseLocalDate, type LocalDate } from '../dates/local-date'
import { err, ok, type Result } from '../shared/result'
import { normaliseColumnName } from './mapping'
import type { RowRejectionReason } from './reasons'

// How one cell becomes a typed value. Every function takes the trimmed text and answers a value or a reason code.

type Cell<T> = Result<T, RowRejectionReason>

// Control characters are what these patterns look for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F\uFFFD]/

/** Free text: no control characters (and no U+FFFD, the mark of a byte the file's encoding could not decode). */
export function textCell(value: string, maxLength: number): Cell<string> {
  if (CONTROL.test(value)) return err('invalid_characters')
  if (value.length > maxLength) return err('too_long')
  return ok(value)
}

/** References are matched exactly later: no line breaks or tabs either. */
export function referenceCell(value: string, maxLength: number): Cell<string> {
  if (CONTROL_OR_BREAK.test(value)) return err('invalid_characters')
  if (value.length > maxLength) return err('too_long')
  return ok(value)
}

const MIN_YEAR = 1900
const MAX_YEAR = 2199

/** `YYYY-MM-DD` or day first (`DD/MM/YYYY`, `DD.MM.YYYY`); 31/02 does not exist and is refused, never rolled over. */
export function dateCell(value: string): Cell<LocalDate> {
  const parsed = value.charCodeAt(4) === 45 /* '-' */ ? parseLocalDate(value) : parseDayFirstDate(value)
  if (!parsed.ok) return err('invalid_date')
  const year = Number(parsed.value.slice(0, 4))
  return year < MIN_YEAR || year > MAX_YEAR ? err('date_out_of_range') : ok(parsed.value)
}

const affixes = new Map<string, RegExp>()

function currencyAffix(currency: string): RegExp {
  let affix = affixes.get(currency)
  if (!affix) {
    // `currency` is a checked ISO code (three letters), safe inside a pattern.
    affix = new RegExp(`^${currency}\\s*|\\s*${currency}$`, 'gi')
    affixes.set(currency, affix)
  }
  return affix
}

const SYMBOLS: Readonly<Record<string, string>> = { '€': 'EUR', '£': 'GBP', '¥': 'JPY', '$': 'USD' }

export function currencyCell(value: string): Cell<string> {
  const code = SYMBOLS[value] ?? value.toUpperCase()
  return /^[A-Z]{3}$/.test(code) && isCurrencyCode(code) ? ok(code) : err('unknown_currency')
}

/**
 * An amount in minor units of `currency`: decimal comma or point, thousands grouped by space, point or comma, a
 * currency symbol or the row's own code around it ("1 234,56 €", "EUR 1,234.56"). Never negative.
 */
// The shapes nearly every file uses: digits, then a point or comma and at most two decimals ("1200", "99,90").
// They cannot be read as thousands, so the answer is parseAmount's, without its general (and slower) path.
const PLAIN_AMOUNT = /^([0-9]{1,11})(?:[.,]([0-9]{1,2}))?$/

export function amountCell(value: string, currency: string): Cell<number> {
  const plain = PLAIN_AMOUNT.exec(value)
  if (plain !== null) {
    const exponent = currencyExponent(currency)
    const fraction = plain[2] ?? ''
    if (fraction.length <= exponent && exponent <= 3) {
      return ok(Number(plain[1]) * 10 ** exponent + (fraction === '' ? 0 : Number(fraction.padEnd(exponent, '0'))))
    }
  }
  let text = value.replace(/^[€£$]\s*|\s*[€£$]$/g, '')
  if (/[a-z]/i.test(text)) text = text.replace(currencyAffix(currency), '')
  const parsed = parseAmount(text, currency)
  if (parsed.ok) return ok(parsed.value.amountMinor)
  switch (parsed.error) {
    case 'negative':
      return err('negative_amount')
    case 'too-many-decimals':
      return err('too_many_decimals')
    case 'too-large':
      return err('amount_too_large')
    default:
      return err('invalid_amount')
  }
}

// ISO 3166-1 alpha-2, officially assigned codes.
const COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
    'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
    'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
    'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
    'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
)

/** Two-letter ISO code, any case; "UK" is what people write for GB. */
export function countryCell(value: string): Cell<string> {
  const code = value.toUpperCase()
  if (code === 'UK') return ok('GB')
  return COUNTRIES.has(code) ? ok(code) : err('invalid_country')
}

const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  french: 'fr', francais: 'fr', franzosisch: 'fr', frances: 'fr',
  english: 'en', anglais: 'en', englisch: 'en', ingles: 'en',
  german: 'de', allemand: 'de', deutsch: 'de', aleman: 'de',
  spanish: 'es', espagnol: 'es', spanisch: 'es', espanol: 'es', castellano: 'es',
  italian: 'it', italien: 'it', italienisch: 'it', italiano: 'it',
  dutch: 'nl', neerlandais: 'nl', niederlandisch: 'nl', nederlands: 'nl',
  portuguese: 'pt', portugais: 'pt', portugiesisch: 'pt', portugues: 'pt',
}
const LANGUAGE_CODES = new Set(
  'bg ca cs cy da de el en es et eu fi fr ga gl hr hu is it lb lt lv mt nb nl nn no pl pt ro sk sl sq sr sv tr uk ru ar zh ja ko he'.split(' '),
)

/** "fr", "fr-FR", "FR_fr" or the language's name in EN/FR/DE/ES → two-letter code. */
export function languageCell(value: string): Cell<string> {
  const named = LANGUAGE_NAMES[normaliseColumnName(value).replace(/ /g, '')]
  if (named) return ok(named)
  const match = /^([a-z]{2})(?:[-_][a-z]{2})?$/i.exec(value)
  const code = match?.[1]?.toLowerCase()
  return code && LANGUAGE_CODES.has(code) ? ok(code) : err('invalid_language')
}

/** The portal's language for a country, when the file does not say. */
export function defaultLanguageForCountry(country: string): string {
  if (['FR', 'BE', 'LU', 'MC'].includes(country)) return 'fr'
  if (['DE', 'AT', 'LI'].includes(country)) return 'de'
  if (country === 'ES') return 'es'
  return 'en'
}

const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\].]{2,}$/

export function emailCell(value: string): Cell<string> {
  if (value.length > 254) return err('too_long')
  return EMAIL.test(value) ? ok(value) : err('invalid_email')
}

export function phoneCell(value: string): Cell<string> {
  if (value.length > 40) return err('too_long')
  const digits = value.replace(/\D/g, '').length
  return /^\+?[0-9 ().\-/]+$/.test(value) && digits >= 5 && digits <= 20 ? ok(value) : err('invalid_phone')
}

export const CUSTOMER_KINDS = ['professional', 'consumer', 'public_body'] as const
export type CustomerKind = (typeof CUSTOMER_KINDS)[number]

const CUSTOMER_KIND_WORDS: Readonly<Record<string, CustomerKind>> = Object.fromEntries([
  ...['professional', 'pro', 'b2b', 'company', 'business', 'entreprise', 'professionnel', 'societe', 'unternehmen', 'firma', 'geschaftskunde', 'gewerblich', 'empresa', 'profesional']
    .map((w) => [w, 'professional'] as const),
  ...['consumer', 'b2c', 'individual', 'private', 'person', 'particulier', 'consommateur', 'prive', 'privat', 'privatkunde', 'privatperson', 'verbraucher', 'particular', 'consumidor']
    .map((w) => [w, 'consumer'] as const),
  ...['public body', 'public', 'public sector', 'government', 'administration', 'collectivite', 'secteur public', 'organisme public', 'offentlich', 'behorde', 'offentliche hand', 'administracion', 'sector publico', 'organismo publico', 'public_body']
    .map((w) => [normaliseColumnName(w), 'public_body'] as const),
])

export function customerKindCell(value: string): Cell<CustomerKind> {
  const kind = CUSTOMER_KIND_WORDS[normaliseColumnName(value)]
  return kind ? ok(kind) : err('invalid_customer_kind')
}

export const PAYMENT_METHODS = ['card', 'sepa_debit', 'bank_transfer', 'cheque', 'cash', 'direct_debit', 'other'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

const METHOD_WORDS: Readonly<Record<string, PaymentMethod>> = Object.fromEntries(
  (
    [
      ['card', ['card', 'credit card', 'debit card', 'cb', 'carte', 'carte bancaire', 'carte bleue', 'kreditkarte', 'karte', 'ec karte', 'tarjeta', 'tarjeta de credito']],
      ['sepa_debit', ['sepa debit', 'sepa', 'sepa direct debit', 'sepa dd', 'prelevement sepa', 'sepa lastschrift', 'lastschrift', 'adeudo sepa', 'domiciliacion sepa', 'sepa_debit']],
      ['bank_transfer', ['bank transfer', 'transfer', 'wire', 'wire transfer', 'virement', 'virement bancaire', 'vir', 'virement sepa', 'uberweisung', 'bankuberweisung', 'transferencia', 'transferencia bancaria', 'bank_transfer']],
      ['cheque', ['cheque', 'check', 'chq', 'scheck', 'talon']],
      ['cash', ['cash', 'especes', 'liquide', 'numeraire', 'bar', 'bargeld', 'barzahlung', 'efectivo', 'metalico']],
      ['direct_debit', ['direct debit', 'prelevement', 'prelevement automatique', 'einzug', 'bankeinzug', 'domiciliacion', 'recibo domiciliado', 'direct_debit']],
      ['other', ['other', 'autre', 'divers', 'sonstige', 'andere', 'otro', 'otros']],
    ] as const
  ).flatMap(([method, words]) => words.map((w) => [normaliseColumnName(w), method] as const)),
)

export function paymentMethodCell(value: string): Cell<PaymentMethod> {
  const method = METHOD_WORDS[normaliseColumnName(value)]
  return method ? ok(method) : err('invalid_payment_method')
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'x', 'oui', 'o', 'vrai', 'ja', 'j', 'wahr', 'si', 'verdadero'])
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'non', 'faux', 'nein', 'falsch', 'falso'])

export function booleanCell(value: string): Cell<boolean> {
  const word = normaliseColumnName(value)
  if (TRUE_WORDS.has(word)) return ok(true)
  if (FALSE_WORDS.has(word)) return ok(false)
  return err('invalid_boolean')
}
