import { isValidBic, normalizeBic } from './bic'
import { isValidCreditorReference, normalizeCreditorReference } from './creditor-reference'
import { parseIban } from './iban'
import { toMajorUnitString } from '../money/format-money'
import type { Money } from '../money/money'
import { err, ok, type Result } from '../shared/result'

// EPC069-12 "Quick Response Code: guidelines to enable data capture for the initiation of a SEPA credit transfer",
// version 002 (BIC optional inside the EEA), character set 1 (UTF-8). Banking apps read it to prefill a transfer.

export type EpcQrInput = {
  beneficiaryName: string
  iban: string
  bic?: string | null
  amount: Money
  /** ISO 11649 structured reference; preferred, because the creditor's bank matches it automatically. */
  structuredReference?: string | null
  /** Free text, used only without a structured reference. */
  remittanceText?: string | null
}

export type EpcQrError =
  | 'currency-not-eur'
  | 'amount-out-of-range'
  | 'invalid-iban'
  | 'invalid-bic'
  | 'name-length'
  | 'invalid-reference'
  | 'remittance-too-long'

const MAX_AMOUNT_MINOR = 99_999_999_999 // EUR 999,999,999.99
const MAX_PAYLOAD_BYTES = 331

export function epcQrPayload(input: EpcQrInput): Result<string, EpcQrError> {
  if (input.amount.currency !== 'EUR') return err('currency-not-eur')
  if (input.amount.amountMinor < 1 || input.amount.amountMinor > MAX_AMOUNT_MINOR) return err('amount-out-of-range')
  const iban = parseIban(input.iban)
  if (!iban.ok) return err('invalid-iban')
  const bic = input.bic ? normalizeBic(input.bic) : ''
  if (bic !== '' && !isValidBic(bic)) return err('invalid-bic')
  // Line breaks would shift every following field.
  const name = input.beneficiaryName.replace(/[\r\n]+/g, ' ').trim()
  if (name.length === 0 || name.length > 70) return err('name-length')
  const reference = input.structuredReference ? normalizeCreditorReference(input.structuredReference) : ''
  if (reference !== '' && !isValidCreditorReference(reference)) return err('invalid-reference')
  const text = reference === '' ? (input.remittanceText ?? '').replace(/[\r\n]+/g, ' ').trim() : ''
  if (text.length > 140) return err('remittance-too-long')

  const lines = [
    'BCD',
    '002',
    '1',
    'SCT',
    bic,
    name,
    iban.value,
    `EUR${toMajorUnitString(input.amount)}`,
    '', // purpose code
    reference,
    text,
  ]
  // Trailing empty fields may be left out.
  while (lines[lines.length - 1] === '') lines.pop()
  const payload = lines.join('\n')
  if (new TextEncoder().encode(payload).length > MAX_PAYLOAD_BYTES) return err('remittance-too-long')
  return ok(payload)
}
