import type { AppLoadContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { STAFF_ROLES, type StaffRole } from '@quittance/domain/staff/permissions'
import { findEntity } from '@quittance/db/repositories/settings'
import { findStaffUser } from '@quittance/db/repositories/staff'
import { createCustomer, createEntity } from '@quittance/db/seed/factories'
import { createOutboxEntry, createStoredDocument } from '@quittance/db/seed/factories-admin'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { testGateway } from '@quittance/use-cases/online-payments/online-payments-harness'
import { resolveStaffSession } from '@quittance/use-cases/staff-auth/resolve-staff-session'
import { signInStaff } from '@quittance/use-cases/staff-auth/sign-in-staff'
import * as accountRoute from '~/routes/_app.account'
import * as auditRoute from '~/routes/_app.audit'
import * as outboxMessageRoute from '~/routes/_app.outbox.$messageId'
import * as outboxRoute from '~/routes/_app.outbox._index'
import * as settingsRoute from '~/routes/_app.settings._index'
import * as entityRoute from '~/routes/_app.settings.entities.$entityId'
import * as newEntityRoute from '~/routes/_app.settings.entities.new'
import * as usersRoute from '~/routes/_app.settings.users'
import * as attachmentRoute from '~/routes/outbox.$messageId.attachments.$documentId'
import { callRoute, signInEveryRole, TEST_STAFF_PASSWORD } from '~/testing/route-calls'

// The role checks live in each loader and action (a layout's check protects nothing): these tests call the
// routes' own functions with a real session of each role, as the browser would, on both databases.

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 })

const NOW = new Date('2026-03-02T09:00:00Z')
const PASSWORD = TEST_STAFF_PASSWORD
const ORIGIN = 'http://backoffice.test'
const PAYMENTS = testGateway({ portalUrl: 'http://portal.test' })

describe.each(TEST_DATABASE_KINDS)('back-office admin routes check the role themselves, on %s', (kind) => {
  let database: TestDatabase
  let cookies: Record<StaffRole, string>
  let ids: Record<StaffRole, string>
  let entityId: string
  let messageId: string
  let documentId: string
  let otherDocumentId: string

  const context = (): AppLoadContext => ({
    db: database.db,
    config: { publicUrl: ORIGIN, portalPublicUrl: 'http://portal.test', secureCookies: false },
    cspNonce: 'test',
    clientIp: '203.0.113.9',
    requestId: 'test',
    now: () => NOW,
    payments: PAYMENTS,
  })

  const request = (path: string, role: StaffRole | null, form?: Record<string, string>) =>
    new Request(`${ORIGIN}${path}`, {
      method: form ? 'POST' : 'GET',
      headers: { ...(role ? { Cookie: cookies[role] } : {}), ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    })

  const load = (route: { loader: (args: never) => unknown }, path: string, role: StaffRole | null, params: Record<string, string> = {}) =>
    callRoute(route.loader, { request: request(path, role), context: context(), params })
  const act = (route: { action: (args: never) => unknown }, path: string, role: StaffRole | null, form: Record<string, string>, params: Record<string, string> = {}) =>
    callRoute(route.action, { request: request(path, role, form), context: context(), params })

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    const everyone = await signInEveryRole(database.db, context(), NOW)
    cookies = everyone.cookies
    ids = everyone.ids
    const entity = await createEntity(database.db, { code: 'GUARD', siren: '732829320', vatNumber: 'FR44732829320' })
    entityId = entity.id
    const customer = await createCustomer(database.db, { entityId, externalRef: 'CUST-1' })
    const document = await createStoredDocument(database.db, { entityId, customerId: customer.id, filename: 'mise en demeure n°1.pdf', contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.7') })
    const other = await createStoredDocument(database.db, { entityId, customerId: customer.id, filename: 'other.pdf', contentType: 'text/html', content: new TextEncoder().encode('<script>x</script>') })
    documentId = document.id
    otherDocumentId = other.id
    messageId = (await createOutboxEntry(database.db, { entityId, customerId: customer.id, channel: 'registered_letter', attachmentDocumentIds: [document.id] })).id
  })
  afterAll(async () => {
    await database?.drop()
  })

  const allowed = (permissionHolders: StaffRole[]) => STAFF_ROLES.map((role) => ({ role, allowed: permissionHolders.includes(role) }))

  test.each(allowed(['admin']))('settings pages: $role allowed=$allowed', async ({ role, allowed }) => {
    const expected = allowed ? 200 : 403
    expect((await load(settingsRoute, '/settings', role)).status).toBe(expected)
    expect((await load(newEntityRoute, '/settings/entities/new', role)).status).toBe(expected)
    expect((await load(entityRoute, `/settings/entities/${entityId}`, role, { entityId })).status).toBe(expected)
    expect((await load(usersRoute, '/settings/users', role)).status).toBe(expected)
  })

  test.each(allowed(['admin', 'auditor']))('audit log: $role allowed=$allowed', async ({ role, allowed }) => {
    expect((await load(auditRoute, '/audit', role)).status).toBe(allowed ? 200 : 403)
  })

  test.each(allowed(['admin', 'credit_manager', 'collector', 'auditor']))('outbox and its attachments: $role allowed=$allowed', async ({ role, allowed }) => {
    const expected = allowed ? 200 : 403
    expect((await load(outboxRoute, '/outbox', role)).status).toBe(expected)
    expect((await load(outboxMessageRoute, `/outbox/${messageId}`, role, { messageId })).status).toBe(expected)
    expect((await load(attachmentRoute, `/outbox/${messageId}/attachments/${documentId}`, role, { messageId, documentId })).status).toBe(expected)
  })

  test.each(STAFF_ROLES)('my account is open to every role: %s', async (role) => {
    expect((await load(accountRoute, '/account', role)).status).toBe(200)
  })

  test('without a session every admin page sends to the sign-in page', async () => {
    const outcome = await load(auditRoute, '/audit?action=staff.*', null)
    expect(outcome.status).toBe(302)
    expect(outcome.location).toBe('/login?redirectTo=%2Faudit%3Faction%3Dstaff.*')
    expect((await act(entityRoute, `/settings/entities/${entityId}`, null, { intent: 'portal-policy' }, { entityId })).status).toBe(302)
  })

  test.each(STAFF_ROLES.filter((r) => r !== 'admin'))('a %s posting to the settings and users actions is refused and changes nothing', async (role) => {
    const before = await findEntity(database.db, entityId)
    const posts = [
      await act(entityRoute, `/settings/entities/${entityId}`, role, { intent: 'portal-policy' }, { entityId }),
      await act(entityRoute, `/settings/entities/${entityId}`, role, { intent: 'add-bank-account', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', currency: 'EUR' }, { entityId }),
      await act(newEntityRoute, '/settings/entities/new', role, { code: 'HACK', legalName: 'X', addressLines: 'x', postalCode: '1', city: 'x', country: 'DE', baseCurrency: 'EUR', timeZone: 'Europe/Berlin', portalLinkTtlDays: '30' }),
      await act(usersRoute, '/settings/users', role, { intent: 'change-role', staffUserId: ids[role], role: 'admin' }),
      await act(usersRoute, '/settings/users', role, { intent: 'set-access', staffUserId: ids.admin, enabled: '0' }),
      await act(usersRoute, '/settings/users', role, { intent: 'create', name: 'Mallory', email: 'mallory@quittance.test', role: 'admin', locale: 'en' }),
    ]
    expect(posts.map((p) => p.status)).toEqual([403, 403, 403, 403, 403, 403])
    expect(await findEntity(database.db, entityId)).toEqual(before)
    expect((await findStaffUser(database.db, ids[role]))?.role).toBe(role)
    expect((await findStaffUser(database.db, ids.admin))?.disabledAt).toBeNull()
  })

  test('an administrator saves the portal policy, and a French rate below the floor is refused next to its field', async () => {
    const saved = await act(entityRoute, `/settings/entities/${entityId}`, 'admin', { intent: 'portal-policy', allowPromises: 'on', allowDisputes: 'on' }, { entityId })
    expect(saved).toMatchObject({ status: 303, location: `/settings/entities/${entityId}?saved=policy` })
    expect((await findEntity(database.db, entityId))?.portalPolicy).toEqual({ allowPartialPayments: false, allowPaymentPlans: false, allowPromises: true, allowDisputes: true })
    const form = {
      intent: 'profile',
      legalName: 'Ateliers Durand SAS',
      addressLines: '12 rue de la République',
      postalCode: '69002',
      city: 'Lyon',
      country: 'FR',
      siren: '732 829 320',
      vatNumber: 'FR44732829320',
      baseCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      penaltyRate: '7,5',
      portalLinkTtlDays: '90',
    }
    const refused = await act(entityRoute, `/settings/entities/${entityId}`, 'admin', form, { entityId })
    expect(refused.status).toBe(422)
    expect(refused.data).toMatchObject({ fieldErrors: { penaltyRate: ['bo-admin.error.rateBelowFloor'] }, formErrorValues: { floor: '7.86%' } })
    const ok = await act(entityRoute, `/settings/entities/${entityId}`, 'admin', { ...form, penaltyRate: '7,86' }, { entityId })
    expect(ok.status).toBe(303)
    expect((await findEntity(database.db, entityId))?.penaltyRateBasisPoints).toBe(786)
  })

  test('an administrator cannot disable themselves through the page', async () => {
    const outcome = await act(usersRoute, '/settings/users', 'admin', { intent: 'set-access', staffUserId: ids.admin, enabled: '0' })
    expect(outcome).toMatchObject({ status: 422, data: { formError: 'bo-admin.users.refused.self' } })
  })

  test('a generated initial password is in the response once, never in a URL', async () => {
    const outcome = await act(usersRoute, '/settings/users', 'admin', { intent: 'create', name: 'New Collector', email: 'new.collector@quittance.test', role: 'collector', locale: 'de' })
    expect(outcome.status).toBe(200)
    expect(outcome.headers?.get('Cache-Control')).toBe('no-store')
    expect((outcome.data as { created: { password: string } }).created.password).toMatch(/^[A-Za-z0-9_-]{24}$/)
  })

  test('an attachment is served as a download only through its message', async () => {
    const outcome = await load(attachmentRoute, `/outbox/${messageId}/attachments/${documentId}`, 'auditor', { messageId, documentId })
    expect(outcome.headers?.get('Content-Disposition')).toBe(`attachment; filename="mise en demeure n1.pdf"; filename*=UTF-8''mise%20en%20demeure%20n%C2%B01.pdf`)
    expect(outcome.headers?.get('X-Content-Type-Options')).toBe('nosniff')
    expect(outcome.headers?.get('Content-Type')).toBe('application/pdf')
    expect(await outcome.body?.text()).toBe('%PDF-1.7')
    const notAttached = await load(attachmentRoute, `/outbox/${messageId}/attachments/${otherDocumentId}`, 'auditor', { messageId, documentId: otherDocumentId })
    expect(notAttached.status).toBe(404)
    const malformed = await load(attachmentRoute, `/outbox/${messageId}/attachments/x`, 'auditor', { messageId, documentId: 'x' })
    expect(malformed.status).toBe(404)
  })

  test('changing one\'s password on the account page keeps this session and ends the others', async () => {
    const other = await signInStaff(database.db, { email: 'sales@quittance.test', password: PASSWORD, now: NOW, previousSessionToken: null, userAgent: 'phone', ipAddress: null })
    if (!other.ok) throw new Error(other.error)
    const mismatch = await act(accountRoute, '/account', 'sales', { intent: 'password', currentPassword: PASSWORD, newPassword: 'a new long passphrase', confirmPassword: 'something else entirely' })
    expect(mismatch).toMatchObject({ status: 400, data: { fieldErrors: { confirmPassword: ['bo-admin.account.error.confirm'] } } })
    const changed = await act(accountRoute, '/account', 'sales', { intent: 'password', currentPassword: PASSWORD, newPassword: 'a new long passphrase', confirmPassword: 'a new long passphrase' })
    expect(changed).toMatchObject({ status: 303, location: '/account?saved=password' })
    expect(await resolveStaffSession(database.db, { sessionToken: other.value.sessionToken, now: NOW })).toBeNull()
    expect((await load(accountRoute, '/account', 'sales')).status).toBe(200)
    const language = await act(accountRoute, '/account', 'sales', { intent: 'locale', locale: 'es' })
    expect(language.status).toBe(303)
    expect((await findStaffUser(database.db, ids.sales))?.locale).toBe('es')
  })
})
