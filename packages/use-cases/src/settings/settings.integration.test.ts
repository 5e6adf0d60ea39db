import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createStaffMember } from '@quittance/db/seed/factories-admin'
import { createEntity as createEntityRow } from '@quittance/db/seed/factories'
import { findEntity, listEntityBankAccounts } from '@quittance/db/repositories/settings'
import { listAuditEvents } from '@quittance/db/repositories/audit-log'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { addBankAccount } from './add-bank-account'
import { createEntity } from './create-entity'
import type { EntityProfile } from './entity-profile'
import { removeBankAccount } from './remove-bank-account'
import { updateEntity } from './update-entity'
import { updatePortalPolicy } from './update-portal-policy'

// 1 March 2026: the first half of 2026, legal rate 2.62 %, floor 7.86 %.
const NOW = new Date('2026-03-01T09:00:00Z')

const PROFILE: EntityProfile = {
  legalName: 'Michelin Services SAS',
  tradeName: 'Michelin',
  legalForm: 'SAS',
  shareCapital: '1 000 000 €',
  addressLines: ['23 place des Carmes-Déchaux', ''],
  postalCode: '63000',
  city: 'Clermont-Ferrand',
  country: 'fr',
  siren: '732 829 320',
  vatNumber: 'fr 44 732 829 320',
  registration: 'RCS Clermont-Ferrand 732 829 320',
  email: 'compta@michelin.example',
  phone: '+33 4 73 00 00 00',
  baseCurrency: 'eur',
  timeZone: 'europe/paris',
  legalMentions: 'Pénalités de retard : 3 fois le taux légal. Indemnité forfaitaire : 40 €.',
  penaltyRateBasisPoints: 1000,
  portalLinkTtlDays: 60,
}

describe.each(TEST_DATABASE_KINDS)('settings use cases on %s', (kind) => {
  let database: TestDatabase
  let admin: { id: string }
  let n = 0
  const code = () => `ENT-${++n}`

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    admin = await createStaffMember(database.db, { role: 'admin' })
  })
  afterAll(async () => {
    await database?.drop()
  })

  const auditOf = async (entityId: string) =>
    (await listAuditEvents(database.db, { filters: { subjectType: 'entity', subjectId: entityId }, cursor: { kind: 'first' }, limit: 50 })).rows

  test('creates an entity with normalized identifiers, default portal policy, and an audit event', async () => {
    const created = await createEntity(database.db, { code: ' ent-main ', profile: PROFILE, actor: { id: admin.id, ipAddress: '198.51.100.1' }, now: NOW })
    if (!created.ok) throw new Error(JSON.stringify(created.error))
    const entity = await findEntity(database.db, created.value.id)
    expect(entity).toMatchObject({
      code: 'ENT-MAIN',
      country: 'FR',
      siren: '732829320',
      vatNumber: 'FR44732829320',
      baseCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      addressLines: ['23 place des Carmes-Déchaux'],
      portalPolicy: { allowPartialPayments: true, allowPaymentPlans: true, allowPromises: true, allowDisputes: true },
    })
    const [event] = await auditOf(created.value.id)
    expect(event).toMatchObject({ action: 'entity.created', actorId: admin.id, actorName: expect.any(String), ipAddress: '198.51.100.1' })
    expect(event!.after).toMatchObject({ code: 'ENT-MAIN', siren: '732829320' })
  })

  test('refuses a code already used, whatever its case, and a malformed code', async () => {
    await createEntity(database.db, { code: 'DUP', profile: PROFILE, actor: admin, now: NOW })
    expect(await createEntity(database.db, { code: 'dup', profile: PROFILE, actor: admin, now: NOW })).toEqual({ ok: false, error: { kind: 'code-taken' } })
    expect(await createEntity(database.db, { code: 'a b', profile: PROFILE, actor: admin, now: NOW })).toEqual({ ok: false, error: { kind: 'code-invalid' } })
  })

  test.each([
    { name: 'bad SIREN (Luhn)', change: { siren: '732 829 321' }, field: 'siren', error: 'invalid' },
    { name: 'SIREN missing in France', change: { siren: '', vatNumber: null }, field: 'siren', error: 'siren-required-fr' },
    { name: 'VAT with a wrong French key', change: { vatNumber: 'FR45732829320' }, field: 'vatNumber', error: 'vat-check-key' },
    { name: 'VAT of another SIREN', change: { vatNumber: 'FR96552100554' }, field: 'vatNumber', error: 'vat-siren-mismatch' },
    { name: 'VAT with an unknown prefix', change: { vatNumber: 'US123456789' }, field: 'vatNumber', error: 'vat-unknown-prefix' },
    { name: 'VAT badly formed', change: { vatNumber: 'DE1234' }, field: 'vatNumber', error: 'vat-format' },
    { name: 'unknown country', change: { country: 'UK' }, field: 'country', error: 'invalid' },
    { name: 'unknown currency', change: { baseCurrency: 'EURO' }, field: 'baseCurrency', error: 'invalid' },
    { name: 'unknown time zone', change: { timeZone: 'Europe/Lyon' }, field: 'timeZone', error: 'invalid' },
    { name: 'link lifetime 0 days', change: { portalLinkTtlDays: 0 }, field: 'portalLinkTtlDays', error: 'ttl-range' },
    { name: 'link lifetime 366 days', change: { portalLinkTtlDays: 366 }, field: 'portalLinkTtlDays', error: 'ttl-range' },
    { name: 'French rate below 3 × legal rate', change: { penaltyRateBasisPoints: 785 }, field: 'penaltyRateBasisPoints', error: 'rate-below-floor' },
    { name: 'absurd rate', change: { penaltyRateBasisPoints: 120_000 }, field: 'penaltyRateBasisPoints', error: 'rate-too-high' },
    { name: 'empty legal name', change: { legalName: '  ' }, field: 'legalName', error: 'required' },
    { name: 'no address', change: { addressLines: [' '] }, field: 'addressLines', error: 'required' },
    { name: 'bad e-mail', change: { email: 'compta@' }, field: 'email', error: 'invalid' },
    { name: 'legal mentions too long', change: { legalMentions: 'x'.repeat(4001) }, field: 'legalMentions', error: 'too-long' },
  ] as { name: string; change: Partial<EntityProfile>; field: string; error: string }[])('refuses $name and stores nothing', async ({ change, field, error }) => {
    const entityCode = code()
    const result = await createEntity(database.db, { code: entityCode, profile: { ...PROFILE, ...change }, actor: admin, now: NOW })
    expect(result.ok).toBe(false)
    if (result.ok || result.error.kind !== 'invalid') throw new Error('expected invalid')
    expect(result.error.fieldErrors).toEqual({ [field]: error })
    if (error === 'rate-below-floor') expect(result.error.rateFloor).toMatchObject({ floorBasisPoints: 786, semester: '2026-H1' })
  })

  test('accepts the floor itself, the statutory default (empty), and a low rate outside France', async () => {
    for (const profile of [
      { ...PROFILE, penaltyRateBasisPoints: 786 },
      { ...PROFILE, penaltyRateBasisPoints: null },
      { ...PROFILE, country: 'DE', siren: null, vatNumber: 'DE123456789', timeZone: 'Europe/Berlin', penaltyRateBasisPoints: 200 },
    ]) {
      const result = await createEntity(database.db, { code: code(), profile, actor: admin, now: NOW })
      expect(result.ok).toBe(true)
    }
  })

  test('judges the rate floor on the entity\'s own today (H2 2025 until midnight in Paris)', async () => {
    // 31 Dec 2025 23:30 UTC is already 1 Jan 2026 in Paris: the 2026 floor (7.86 %) applies, so 8 % is accepted.
    const newYearInParis = new Date('2025-12-31T23:30:00Z')
    expect((await createEntity(database.db, { code: code(), profile: { ...PROFILE, penaltyRateBasisPoints: 800 }, actor: admin, now: newYearInParis })).ok).toBe(true)
    const inNewYork = { ...PROFILE, timeZone: 'America/New_York', penaltyRateBasisPoints: 800 }
    const refused = await createEntity(database.db, { code: code(), profile: inNewYork, actor: admin, now: newYearInParis })
    expect(!refused.ok && refused.error.kind === 'invalid' && refused.error.rateFloor?.semester).toBe('2025-H2')
  })

  test('updates only what changed and records those fields before and after; no change, no event', async () => {
    const entity = await createEntityRow(database.db, { code: code(), siren: '732829320', vatNumber: 'FR44732829320' })
    const profile: EntityProfile = { ...PROFILE, legalName: entity.legalName, city: 'Lyon' }
    const first = await updateEntity(database.db, { entityId: entity.id, profile, actor: admin, now: NOW })
    expect(first).toEqual({ ok: true, value: { changed: true } })
    const [event] = await auditOf(entity.id)
    expect(event).toMatchObject({ action: 'entity.updated', before: { tradeName: null } })
    expect(event!.before).not.toHaveProperty('siren')
    expect(event!.before).not.toHaveProperty('legalName')
    expect(event!.before).not.toHaveProperty('city')
    expect(event!.after).toMatchObject({ tradeName: 'Michelin', penaltyRateBasisPoints: 1000, portalLinkTtlDays: 60 })
    expect(await updateEntity(database.db, { entityId: entity.id, profile, actor: admin, now: NOW })).toEqual({ ok: true, value: { changed: false } })
    expect(await auditOf(entity.id)).toHaveLength(1)
  })

  test('a refused update leaves the entity as it was', async () => {
    const entity = await createEntityRow(database.db, { code: code() })
    const result = await updateEntity(database.db, { entityId: entity.id, profile: { ...PROFILE, penaltyRateBasisPoints: 500 }, actor: admin, now: NOW })
    expect(result.ok).toBe(false)
    expect(await findEntity(database.db, entity.id)).toEqual(entity)
    expect(await auditOf(entity.id)).toHaveLength(0)
    expect(await updateEntity(database.db, { entityId: '00000000-0000-4000-8000-000000000000', profile: PROFILE, actor: admin, now: NOW })).toEqual({ ok: false, error: { kind: 'not-found' } })
  })

  test('switches portal actions off and on, recording the change', async () => {
    const entity = await createEntityRow(database.db, { code: code() })
    const policy = { allowPartialPayments: false, allowPaymentPlans: true, allowPromises: true, allowDisputes: false }
    expect(await updatePortalPolicy(database.db, { entityId: entity.id, policy, actor: admin })).toEqual({ ok: true, value: { changed: true } })
    expect((await findEntity(database.db, entity.id))?.portalPolicy).toEqual(policy)
    const [event] = await auditOf(entity.id)
    expect(event).toMatchObject({ action: 'entity.portal_policy_changed', before: { allowPartialPayments: true, allowDisputes: true }, after: { allowPartialPayments: false, allowDisputes: false } })
    expect(await updatePortalPolicy(database.db, { entityId: entity.id, policy, actor: admin })).toEqual({ ok: true, value: { changed: false } })
  })

  test('adds bank accounts with checked IBAN and BIC, refuses duplicates and bad input, removes only its own', async () => {
    const entity = await createEntityRow(database.db, { code: code() })
    const other = await createEntityRow(database.db, { code: code() })
    const added = await addBankAccount(database.db, { entityId: entity.id, iban: 'fr76 3000 6000 0112 3456 7890 189', bic: 'agri fr pp', currency: 'eur', bankName: ' Crédit Agricole ', actor: admin })
    if (!added.ok) throw new Error(JSON.stringify(added.error))
    expect(await listEntityBankAccounts(database.db, entity.id)).toMatchObject([
      { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', currency: 'EUR', bankName: 'Crédit Agricole' },
    ])
    expect(await addBankAccount(database.db, { entityId: entity.id, iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', currency: 'EUR', bankName: null, actor: admin })).toEqual({ ok: false, error: { kind: 'duplicate' } })
    expect(await addBankAccount(database.db, { entityId: entity.id, iban: 'FR7630006000011234567890180', bic: 'AGRIFR', currency: 'EURO', bankName: null, actor: admin })).toEqual({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { iban: 'iban-checksum', bic: 'invalid', currency: 'invalid' } },
    })
    expect(await removeBankAccount(database.db, { entityId: other.id, bankAccountId: added.value.id, actor: admin })).toEqual({ ok: false, error: 'not-found' })
    expect(await removeBankAccount(database.db, { entityId: entity.id, bankAccountId: added.value.id, actor: admin })).toEqual({ ok: true, value: { removed: true } })
    expect(await listEntityBankAccounts(database.db, entity.id)).toEqual([])
    expect((await auditOf(entity.id)).map((e) => e.action)).toEqual(['entity.bank_account_removed', 'entity.bank_account_added'])
  })
})
