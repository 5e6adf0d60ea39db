import { isCountryCode } from '@quittance/domain/identifiers/country-codes'
import { isValidSiren, normalizeSiren } from '@quittance/domain/identifiers/siren'
import { canonicalTimeZone } from '@quittance/domain/identifiers/time-zone'
import { parseVatNumber, sirenOfFrenchVatNumber } from '@quittance/domain/identifiers/vat-number'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { checkContractPenaltyRate, type PenaltyRateFloor } from '@quittance/domain/legal/penalty-rate-floor'
import { isCurrencyCode } from '@quittance/domain/money/currencies'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { EntityProfile } from '@quittance/db/repositories/settings'

export type { EntityProfile }

export type EntityFieldError =
  | 'required'
  | 'too-long'
  | 'invalid'
  | 'siren-required-fr'
  | 'vat-format'
  | 'vat-unknown-prefix'
  | 'vat-check-key'
  | 'vat-siren-mismatch'
  | 'rate-below-floor'
  | 'rate-too-high'
  | 'ttl-range'

export type EntityProfileInvalid = {
  kind: 'invalid'
  fieldErrors: Partial<Record<keyof EntityProfile, EntityFieldError>>
  /** Set with 'rate-below-floor': the floor and the semester it comes from, to say so on the page. */
  rateFloor?: PenaltyRateFloor
}

export const ENTITY_TEXT_LIMITS = {
  legalName: 200,
  tradeName: 200,
  legalForm: 100,
  shareCapital: 100,
  addressLine: 200,
  addressLines: 4,
  postalCode: 20,
  city: 100,
  registration: 200,
  email: 254,
  phone: 40,
  legalMentions: 4000,
} as const

/** A contractual rate above this (50 %) is surely a typing mistake (basis points typed as a percentage). */
export const MAX_PENALTY_RATE_BP = 5000

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[0-9 ().-]{4,40}$/

const blankToNull = (value: string | null) => {
  const trimmed = value?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}

/**
 * Checks and normalizes an entity's legal identity before it is stored: SIREN (Luhn), VAT (format by prefix,
 * French key, same SIREN), country, currency, time zone, portal link lifetime and the contractual penalty rate
 * (not below 3 × the French legal rate of the semester, taken on the entity's own today).
 */
export function validateEntityProfile(input: EntityProfile, now: Date): Result<EntityProfile, EntityProfileInvalid> {
  const fieldErrors: EntityProfileInvalid['fieldErrors'] = {}
  let rateFloor: PenaltyRateFloor | undefined
  const text = (field: keyof typeof ENTITY_TEXT_LIMITS & keyof EntityProfile, value: string | null, required: boolean) => {
    const cleaned = blankToNull(value)
    if (cleaned === null) {
      if (required) fieldErrors[field] = 'required'
      return cleaned
    }
    if (cleaned.length > ENTITY_TEXT_LIMITS[field]) fieldErrors[field] = 'too-long'
    return cleaned
  }

  const legalName = text('legalName', input.legalName, true) ?? ''
  const tradeName = text('tradeName', input.tradeName, false)
  const legalForm = text('legalForm', input.legalForm, false)
  const shareCapital = text('shareCapital', input.shareCapital, false)
  const addressLines = input.addressLines.map((line) => line.trim()).filter((line) => line !== '')
  if (addressLines.length === 0) fieldErrors.addressLines = 'required'
  else if (addressLines.length > ENTITY_TEXT_LIMITS.addressLines || addressLines.some((l) => l.length > ENTITY_TEXT_LIMITS.addressLine))
    fieldErrors.addressLines = 'too-long'
  const postalCode = text('postalCode', input.postalCode, true) ?? ''
  const city = text('city', input.city, true) ?? ''
  const registration = text('registration', input.registration, false)
  const legalMentions = text('legalMentions', input.legalMentions, false)

  const country = input.country.trim().toUpperCase()
  if (!isCountryCode(country)) fieldErrors.country = country === '' ? 'required' : 'invalid'

  const email = text('email', input.email, false)
  if (email && !fieldErrors.email && !EMAIL.test(email)) fieldErrors.email = 'invalid'
  const phone = text('phone', input.phone, false)
  if (phone && !fieldErrors.phone && !PHONE.test(phone)) fieldErrors.phone = 'invalid'

  const sirenInput = blankToNull(input.siren)
  const siren = sirenInput === null ? null : normalizeSiren(sirenInput)
  if (siren !== null && !isValidSiren(siren)) fieldErrors.siren = 'invalid'
  if (siren === null && country === 'FR') fieldErrors.siren = 'siren-required-fr'

  let vatNumber: string | null = null
  const vatInput = blankToNull(input.vatNumber)
  if (vatInput !== null) {
    const parsed = parseVatNumber(vatInput)
    if (!parsed.ok) fieldErrors.vatNumber = `vat-${parsed.error}`
    else {
      vatNumber = parsed.value.value
      const vatSiren = sirenOfFrenchVatNumber(parsed.value)
      if (vatSiren !== null && siren !== null && !fieldErrors.siren && vatSiren !== siren) fieldErrors.vatNumber = 'vat-siren-mismatch'
    }
  }

  const baseCurrency = input.baseCurrency.trim().toUpperCase()
  if (!isCurrencyCode(baseCurrency)) fieldErrors.baseCurrency = baseCurrency === '' ? 'required' : 'invalid'

  const timeZone = canonicalTimeZone(input.timeZone)
  if (timeZone === null) fieldErrors.timeZone = input.timeZone.trim() === '' ? 'required' : 'invalid'

  const ttl = input.portalLinkTtlDays
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 365) fieldErrors.portalLinkTtlDays = 'ttl-range'

  const rate = input.penaltyRateBasisPoints
  if (rate !== null) {
    if (!Number.isSafeInteger(rate) || rate < 0) fieldErrors.penaltyRateBasisPoints = 'invalid'
    else if (rate > MAX_PENALTY_RATE_BP) fieldErrors.penaltyRateBasisPoints = 'rate-too-high'
    else if (!fieldErrors.country) {
      const today = localDateInTimeZone(now, timeZone ?? 'Europe/Paris')
      const checked = checkContractPenaltyRate({ creditorCountry: country, rateBasisPoints: rate, on: today })
      if (!checked.ok) {
        fieldErrors.penaltyRateBasisPoints = 'rate-below-floor'
        rateFloor = checked.error.floor
      }
    }
  }

  if (Object.keys(fieldErrors).length > 0) return err({ kind: 'invalid', fieldErrors, ...(rateFloor ? { rateFloor } : {}) })
  return ok({
    legalName,
    tradeName,
    legalForm,
    shareCapital,
    addressLines,
    postalCode,
    city,
    country,
    siren,
    vatNumber,
    registration,
    email,
    phone,
    baseCurrency,
    timeZone: timeZone!,
    legalMentions,
    penaltyRateBasisPoints: rate,
    portalLinkTtlDays: ttl,
  })
}

/** The fields whose value differs, with their old and new values: what an audit event records. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T) {
  const keys = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
  return {
    changed: keys.length > 0,
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  }
}

export type StaffActor = { id: string; ipAddress?: string | null }
