import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { formatIban } from '@quittance/domain/banking/iban'
import { FRENCH_DEFAULT_PENALTY_RATE_BP, formatBasisPointsAsPercent } from '@quittance/domain/legal/late-payment-mentions'
import { findEntity, listEntityBankAccounts } from '@quittance/db/repositories/settings'
import { addBankAccount } from '@quittance/use-cases/settings/add-bank-account'
import { effectivePortalPolicy, PORTAL_POLICY_KEYS } from '@quittance/use-cases/settings/portal-policy'
import { removeBankAccount } from '@quittance/use-cases/settings/remove-bank-account'
import { updateEntity } from '@quittance/use-cases/settings/update-entity'
import { updatePortalPolicy } from '@quittance/use-cases/settings/update-portal-policy'
import adminStyles from '~/components/admin/admin.css?url'
import { EntityForm } from '~/components/admin/entity-form'
import {
  currentRateFloor,
  EntityProfileFields,
  entityFormOptions,
  formErrorsOf,
  formValuesOf,
  profileFromForm,
  rateFloorView,
  submittedValues,
} from '~/components/admin/entity-form.server'
import { Field, firstError, FormError, SavedNotice, type FieldErrors } from '~/components/admin/field'
import { staffLocale } from '~/components/admin/locale.server'
import { SettingsNav } from '~/components/admin/settings-nav'
import { notFound, requireUuid } from '~/utils/responses.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const checkbox = z.literal('on').optional()

const EntityActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('profile'), ...EntityProfileFields }),
  z.object({
    intent: z.literal('portal-policy'),
    allowPartialPayments: checkbox,
    allowPaymentPlans: checkbox,
    allowPromises: checkbox,
    allowDisputes: checkbox,
  }),
  z.object({
    intent: z.literal('add-bank-account'),
    iban: z.string({ error: 'bo-admin.error.required' }).trim().max(50, { error: 'bo-admin.error.iban' }),
    bic: z.string({ error: 'bo-admin.error.required' }).trim().max(20, { error: 'bo-admin.error.bic' }),
    currency: z.string({ error: 'bo-admin.error.required' }).trim().length(3, { error: 'bo-admin.error.currency' }),
    bankName: z.string().trim().max(200, { error: 'bo-admin.error.tooLong' }).optional(),
  }),
  z.object({ intent: z.literal('remove-bank-account'), bankAccountId: z.uuid() }),
])

const SAVED_NOTICES: Record<string, string> = {
  created: 'bo-admin.entity.saved.created',
  profile: 'bo-admin.entity.saved.profile',
  unchanged: 'bo-admin.entity.saved.unchanged',
  policy: 'bo-admin.entity.saved.policy',
  'bank-added': 'bo-admin.entity.saved.bankAdded',
  'bank-removed': 'bo-admin.entity.saved.bankRemoved',
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:settings')
  const entityId = requireUuid(params.entityId)
  const entity = await findEntity(context.db, entityId)
  if (!entity) notFound()
  const { locale, intl } = staffLocale(staff, request)
  const bankAccounts = await listEntityBankAccounts(context.db, entity.id)
  const saved = new URL(request.url).searchParams.get('saved')
  return {
    entity: { id: entity.id, code: entity.code, legalName: entity.legalName },
    values: formValuesOf(entity, locale),
    options: entityFormOptions(intl),
    rateFloor: currentRateFloor(entity.country, entity.timeZone, context.now(), intl),
    statutoryDefaultRate: formatBasisPointsAsPercent(FRENCH_DEFAULT_PENALTY_RATE_BP, intl),
    policy: effectivePortalPolicy(entity.portalPolicy),
    bankAccounts: bankAccounts.map((account) => ({
      id: account.id,
      iban: formatIban(account.iban),
      bic: account.bic,
      currency: account.currency,
      bankName: account.bankName,
    })),
    currencies: entityFormOptions(intl).currencies.map((c) => c.code),
    baseCurrency: entity.baseCurrency,
    savedNotice: saved ? (SAVED_NOTICES[saved] ?? null) : null,
  }
}

type ActionResult = {
  intent: string
  fieldErrors: FieldErrors
  formError: string | null
  formErrorValues?: Record<string, string>
  values: Record<string, string>
}

function fail(result: ActionResult, status: number) {
  return data(result, { status })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:settings')
  const entityId = requireUuid(params.entityId)
  const submission = parseWithZod(await request.formData(), { schema: EntityActionSchema })
  const payload = submission.payload as Record<string, unknown>
  const intent = typeof payload.intent === 'string' ? payload.intent : ''
  const values = Object.fromEntries(Object.entries(payload).filter((e): e is [string, string] => typeof e[1] === 'string'))
  if (submission.status !== 'success') {
    return fail({ intent, fieldErrors: (submission.error ?? {}) as FieldErrors, formError: null, values: intent === 'profile' ? { ...submittedValues(payload) } : values }, 400)
  }
  const actor = { id: staff.id, ipAddress: context.clientIp }
  const input = submission.value
  const back = (saved: string) => redirect(`/settings/entities/${entityId}?saved=${saved}`, { status: 303 })

  switch (input.intent) {
    case 'profile': {
      const { intent: _intent, ...form } = input
      const result = await updateEntity(context.db, { entityId, profile: profileFromForm(form), actor, now: context.now() })
      if (result.ok) return back(result.value.changed ? 'profile' : 'unchanged')
      if (result.error.kind === 'not-found') notFound()
      const { intl } = staffLocale(staff, request)
      const floor = rateFloorView(result.error.rateFloor, intl)
      return fail(
        { intent, fieldErrors: formErrorsOf(result.error), formError: null, formErrorValues: floor ? { floor: floor.floor } : undefined, values: submittedValues(payload) as Record<string, string> },
        422,
      )
    }
    case 'portal-policy': {
      const policy = Object.fromEntries(PORTAL_POLICY_KEYS.map((key) => [key, input[key] === 'on'])) as Record<(typeof PORTAL_POLICY_KEYS)[number], boolean>
      const result = await updatePortalPolicy(context.db, { entityId, policy, actor })
      if (!result.ok) notFound()
      return back(result.value.changed ? 'policy' : 'unchanged')
    }
    case 'add-bank-account': {
      const result = await addBankAccount(context.db, { entityId, iban: input.iban, bic: input.bic, currency: input.currency, bankName: input.bankName ?? null, actor })
      if (result.ok) return back('bank-added')
      if (result.error.kind === 'not-found') notFound()
      if (result.error.kind === 'duplicate') return fail({ intent, fieldErrors: {}, formError: 'bo-admin.bank.duplicate', values }, 422)
      const fieldErrors = Object.fromEntries(
        Object.entries(result.error.fieldErrors).map(([field, code]) => [field, [`bo-admin.error.${bankErrorKey(field, code)}`]]),
      )
      return fail({ intent, fieldErrors, formError: null, values }, 422)
    }
    case 'remove-bank-account': {
      const result = await removeBankAccount(context.db, { entityId, bankAccountId: input.bankAccountId, actor })
      if (!result.ok) notFound()
      return back('bank-removed')
    }
  }
}

function bankErrorKey(field: string, code: string) {
  if (code === 'required') return 'required'
  if (code === 'too-long') return 'tooLong'
  if (code.startsWith('iban-')) return code === 'iban-checksum' ? 'ibanChecksum' : code === 'iban-length' ? 'ibanLength' : code === 'iban-unknown-country' ? 'ibanCountry' : 'iban'
  return field === 'bic' ? 'bic' : field === 'currency' ? 'currency' : 'invalid'
}

const POLICY_LABELS: Record<string, { label: string; hint: string }> = {
  allowPartialPayments: { label: 'bo-admin.policy.partialPayments', hint: 'bo-admin.policy.partialPaymentsHint' },
  allowPaymentPlans: { label: 'bo-admin.policy.paymentPlans', hint: 'bo-admin.policy.paymentPlansHint' },
  allowPromises: { label: 'bo-admin.policy.promises', hint: 'bo-admin.policy.promisesHint' },
  allowDisputes: { label: 'bo-admin.policy.disputes', hint: 'bo-admin.policy.disputesHint' },
}

export default function EntitySettings() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const navigation = useNavigation()
  const submittingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined)
  const profile = errorsFor('profile')
  const bank = errorsFor('add-bank-account')
  const { entity, policy, bankAccounts } = loaderData
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/settings">{t('bo-admin.settings.title')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {entity.legalName} <span className="muted mono">{entity.code}</span>
        </h1>
        <Link to={`/audit?subjectType=entity&subjectId=${entity.id}`} className="button secondary">
          {t('bo-admin.entity.history')}
        </Link>
      </div>
      <SettingsNav />
      {actionData ? null : <SavedNotice message={loaderData.savedNotice} />}

      <h2>{t('bo-admin.entity.identityTitle')}</h2>
      <EntityForm
        values={profile ? profile.values : loaderData.values}
        errors={profile?.fieldErrors}
        formError={profile?.formError}
        options={loaderData.options}
        rateFloor={loaderData.rateFloor}
        statutoryDefaultRate={loaderData.statutoryDefaultRate}
        rateErrorValues={profile?.formErrorValues}
        busy={submittingIntent === 'profile'}
        submitLabel={t('bo-admin.entity.save')}
      />

      <div className="admin-sections">
        <section className="form-card" aria-labelledby="policy-title">
          <h2 id="policy-title">{t('bo-admin.policy.title')}</h2>
          <p className="hint">{t('bo-admin.policy.lede')}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="portal-policy" />
            <ul className="checkbox-list">
              {PORTAL_POLICY_KEYS.map((key) => (
                <li key={key}>
                  <label>
                    <input type="checkbox" name={key} defaultChecked={policy[key]} aria-describedby={`${key}-hint`} />
                    <span>
                      {t(POLICY_LABELS[key]!.label)}
                      <span id={`${key}-hint`} className="hint">
                        {t(POLICY_LABELS[key]!.hint)}
                      </span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            <div className="form-actions">
              <button type="submit" className="button" disabled={submittingIntent === 'portal-policy'}>
                {t('bo-admin.policy.save')}
              </button>
            </div>
          </Form>
        </section>

        <section className="form-card" aria-labelledby="bank-title">
          <h2 id="bank-title">{t('bo-admin.bank.title')}</h2>
          <p className="hint">{t('bo-admin.bank.lede')}</p>
          {bankAccounts.length === 0 ? (
            <p className="muted">{t('bo-admin.bank.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="compact">
                <thead>
                  <tr>
                    <th scope="col">{t('bo-admin.bank.iban')}</th>
                    <th scope="col">{t('bo-admin.bank.bic')}</th>
                    <th scope="col">{t('bo-admin.bank.currency')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {bankAccounts.map((account) => (
                    <tr key={account.id}>
                      <td>
                        <span className="mono nowrap">{account.iban}</span>
                        {account.bankName ? <div className="muted">{account.bankName}</div> : null}
                      </td>
                      <td className="mono">{account.bic}</td>
                      <td>{account.currency}</td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-bank-account" />
                          <input type="hidden" name="bankAccountId" value={account.id} />
                          <button type="submit" className="button small danger" aria-label={t('bo-admin.bank.removeLabel', { iban: account.iban })}>
                            {t('bo-admin.bank.remove')}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>
            {t('bo-admin.bank.add')}
          </h3>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="add-bank-account" />
            <FormError message={bank?.formError} />
            <div className="form-grid">
              <Field name="iban" label={t('bo-admin.bank.iban')} error={firstError(bank?.fieldErrors, 'iban')} hint={t('bo-admin.bank.ibanHint')} required className="span-2">
                {(control) => <input {...control} type="text" defaultValue={bank?.values.iban ?? ''} autoComplete="off" spellCheck={false} className="mono" />}
              </Field>
              <Field name="bic" label={t('bo-admin.bank.bic')} error={firstError(bank?.fieldErrors, 'bic')} required>
                {(control) => <input {...control} type="text" defaultValue={bank?.values.bic ?? ''} autoComplete="off" spellCheck={false} className="mono" />}
              </Field>
              <Field name="currency" label={t('bo-admin.bank.currency')} error={firstError(bank?.fieldErrors, 'currency')} required>
                {(control) => (
                  <select {...control} defaultValue={bank?.values.currency ?? loaderData.baseCurrency}>
                    {loaderData.currencies.map((code) => (
                      <option key={code} value={code}>
                        {code}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name="bankName" label={t('bo-admin.bank.bankName')} error={firstError(bank?.fieldErrors, 'bankName')} className="span-2">
                {(control) => <input {...control} type="text" defaultValue={bank?.values.bankName ?? ''} autoComplete="off" />}
              </Field>
            </div>
            <div className="form-actions">
              <button type="submit" className="button secondary" disabled={submittingIntent === 'add-bank-account'}>
                {t('bo-admin.bank.addButton')}
              </button>
            </div>
          </Form>
        </section>
      </div>
    </>
  )
}
