import { isCountryCode } from '@quittance/domain/identifiers/country-codes'
import { timeZoneNames } from '@quittance/domain/identifiers/time-zone'
import { formatBasisPointsAsPercent } from '@quittance/domain/legal/late-payment-mentions'
import { basisPointsToPercentInput, parsePercentToBasisPoints, penaltyRateFloor, type PenaltyRateFloor } from '@quittance/domain/legal/penalty-rate-floor'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { isCurrencyCode } from '@quittance/domain/money/currencies'
import { COUNTRY_CODES } from '@quittance/domain/identifiers/country-codes'
import type { Locale } from '@quittance/i18n/locales'
import type { EntityRow } from '@quittance/db/repositories/settings'
import type { EntityProfile, EntityProfileInvalid } from '@quittance/use-cases/settings/entity-profile'
import { z } from 'zod'
import type { FieldErrors } from './field'

const E = (code: string) => ({ error: `bo-admin.error.${code}` })

const optionalText = (max: number) => z.string().trim().max(max, E('tooLong')).optional()
const requiredText = (max: number) => z.string(E('required')).trim().min(1, E('required')).max(max, E('tooLong'))

/** The shape of the entity form; identifiers, codes and the rate floor are checked by the use case. */
export const EntityProfileFields = {
  legalName: requiredText(200),
  tradeName: optionalText(200),
  legalForm: optionalText(100),
  shareCapital: optionalText(100),
  addressLines: requiredText(900),
  postalCode: requiredText(20),
  city: requiredText(100),
  country: z.string(E('required')).trim().length(2, E('invalid')),
  siren: optionalText(20),
  vatNumber: optionalText(30),
  registration: optionalText(200),
  email: optionalText(254),
  phone: optionalText(40),
  baseCurrency: z.string(E('required')).trim().length(3, E('invalid')),
  timeZone: requiredText(64),
  penaltyRate: z
    .string()
    .trim()
    .optional()
    .refine((value) => value === undefined || parsePercentToBasisPoints(value) !== null, E('percent')),
  portalLinkTtlDays: z.string(E('required')).trim().regex(/^\d{1,3}$/, E('ttlRange')),
  legalMentions: optionalText(4000),
}

export const EntityProfileSchema = z.object(EntityProfileFields)
export type EntityProfileForm = z.infer<typeof EntityProfileSchema>

export function profileFromForm(form: EntityProfileForm): EntityProfile {
  return {
    legalName: form.legalName,
    tradeName: form.tradeName ?? null,
    legalForm: form.legalForm ?? null,
    shareCapital: form.shareCapital ?? null,
    addressLines: form.addressLines.split(/\r?\n/),
    postalCode: form.postalCode,
    city: form.city,
    country: form.country,
    siren: form.siren ?? null,
    vatNumber: form.vatNumber ?? null,
    registration: form.registration ?? null,
    email: form.email ?? null,
    phone: form.phone ?? null,
    baseCurrency: form.baseCurrency,
    timeZone: form.timeZone,
    legalMentions: form.legalMentions ?? null,
    penaltyRateBasisPoints: form.penaltyRate === undefined ? null : parsePercentToBasisPoints(form.penaltyRate),
    portalLinkTtlDays: Number(form.portalLinkTtlDays),
  }
}

const FIELD_OF_PROFILE: Partial<Record<keyof EntityProfile, string>> = { penaltyRateBasisPoints: 'penaltyRate' }

const ERROR_KEYS: Record<string, string> = {
  required: 'bo-admin.error.required',
  'too-long': 'bo-admin.error.tooLong',
  invalid: 'bo-admin.error.invalid',
  'siren-required-fr': 'bo-admin.error.sirenRequiredFr',
  'vat-format': 'bo-admin.error.vatFormat',
  'vat-unknown-prefix': 'bo-admin.error.vatUnknownPrefix',
  'vat-check-key': 'bo-admin.error.vatCheckKey',
  'vat-siren-mismatch': 'bo-admin.error.vatSirenMismatch',
  'rate-below-floor': 'bo-admin.error.rateBelowFloor',
  'rate-too-high': 'bo-admin.error.rateTooHigh',
  'ttl-range': 'bo-admin.error.ttlRange',
}

const FIELD_ERROR_OVERRIDES: Partial<Record<string, Record<string, string>>> = {
  siren: { invalid: 'bo-admin.error.siren' },
  country: { invalid: 'bo-admin.error.country' },
  baseCurrency: { invalid: 'bo-admin.error.currency' },
  timeZone: { invalid: 'bo-admin.error.timeZone' },
  email: { invalid: 'bo-admin.error.email' },
  phone: { invalid: 'bo-admin.error.phone' },
}

/** A use case's field errors as the form's, each with its message key. */
export function formErrorsOf(invalid: EntityProfileInvalid): FieldErrors {
  return Object.fromEntries(
    Object.entries(invalid.fieldErrors).map(([field, code]) => {
      const name = FIELD_OF_PROFILE[field as keyof EntityProfile] ?? field
      return [name, [FIELD_ERROR_OVERRIDES[name]?.[code] ?? ERROR_KEYS[code] ?? 'bo-admin.error.invalid']]
    }),
  )
}

export type EntityFormValues = Record<keyof EntityProfileForm, string>

export function formValuesOf(entity: EntityRow | null, locale: Locale): EntityFormValues {
  const decimal = locale === 'en' ? '.' : ','
  return {
    legalName: entity?.legalName ?? '',
    tradeName: entity?.tradeName ?? '',
    legalForm: entity?.legalForm ?? '',
    shareCapital: entity?.shareCapital ?? '',
    addressLines: entity?.addressLines.join('\n') ?? '',
    postalCode: entity?.postalCode ?? '',
    city: entity?.city ?? '',
    country: entity?.country ?? 'FR',
    siren: entity?.siren ?? '',
    vatNumber: entity?.vatNumber ?? '',
    registration: entity?.registration ?? '',
    email: entity?.email ?? '',
    phone: entity?.phone ?? '',
    baseCurrency: entity?.baseCurrency ?? 'EUR',
    timeZone: entity?.timeZone ?? 'Europe/Paris',
    penaltyRate: entity?.penaltyRateBasisPoints == null ? '' : basisPointsToPercentInput(entity.penaltyRateBasisPoints).replace('.', decimal),
    portalLinkTtlDays: String(entity?.portalLinkTtlDays ?? 90),
    legalMentions: entity?.legalMentions ?? '',
  }
}

/** What the user typed, to put back in the form after an error. */
export function submittedValues(payload: Record<string, unknown>): Partial<EntityFormValues> {
  return Object.fromEntries(
    Object.keys(EntityProfileFields).map((key) => [key, typeof payload[key] === 'string' ? (payload[key] as string) : '']),
  ) as Partial<EntityFormValues>
}

const optionCache = new Map<string, EntityFormOptions>()

export type EntityFormOptions = {
  countries: { code: string; name: string }[]
  currencies: { code: string; name: string }[]
  timeZones: readonly string[]
}

/** Country and currency names in the reader's language, sorted for them; zones as the runtime knows them. */
export function entityFormOptions(intl: string): EntityFormOptions {
  let options = optionCache.get(intl)
  if (!options) {
    const regionNames = new Intl.DisplayNames([intl], { type: 'region' })
    const currencyNames = new Intl.DisplayNames([intl], { type: 'currency' })
    const collator = new Intl.Collator(intl)
    options = {
      countries: COUNTRY_CODES.filter(isCountryCode)
        .map((code) => ({ code, name: regionNames.of(code) ?? code }))
        .sort((a, b) => collator.compare(a.name, b.name)),
      currencies: Intl.supportedValuesOf('currency')
        .filter(isCurrencyCode)
        .map((code) => ({ code, name: currencyNames.of(code) ?? code }))
        .sort((a, b) => a.code.localeCompare(b.code)),
      timeZones: timeZoneNames(),
    }
    optionCache.set(intl, options)
  }
  return options
}

export type RateFloorView = { floor: string; legal: string; semester: string; half: 1 | 2; year: string; stale: boolean }

export function rateFloorView(floor: PenaltyRateFloor | null | undefined, intl: string): RateFloorView | null {
  if (!floor) return null
  return {
    floor: formatBasisPointsAsPercent(floor.floorBasisPoints, intl),
    legal: formatBasisPointsAsPercent(floor.legalRateBasisPoints, intl),
    semester: floor.semester,
    half: floor.semester.endsWith('H1') ? 1 : 2,
    year: floor.semester.slice(0, 4),
    stale: floor.stale,
  }
}

/** The French floor that applies today for an entity in this country and zone (null elsewhere). */
export function currentRateFloor(country: string, timeZone: string, now: Date, intl: string) {
  let today: string
  try {
    today = localDateInTimeZone(now, timeZone)
  } catch {
    today = localDateInTimeZone(now, 'Europe/Paris')
  }
  return rateFloorView(penaltyRateFloor({ creditorCountry: country, on: today }), intl)
}
