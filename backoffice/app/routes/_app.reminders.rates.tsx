import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { parseWithZod } from '@conform-to/zod/v4'
import { isLocalDate } from '@quittance/domain/dates/local-date'
import { formatBasisPointsAsPercent } from '@quittance/domain/legal/late-payment-mentions'
import { frenchB2bPenaltyRateFor } from '@quittance/domain/legal/late-payment-interest'
import { can } from '@quittance/domain/staff/permissions'
import { listLatePaymentRates } from '@quittance/db/repositories/reminders-config'
import { rateTableOf, saveLatePaymentRate } from '@quittance/use-cases/reminders/save-late-payment-rate'
import { seedLatePaymentRates } from '@quittance/use-cases/reminders/ensure-reminder-defaults'
import adminStyles from '~/components/admin/admin.css?url'
import { staffLocale } from '~/components/admin/locale.server'
import remindersStyles from '~/components/reminders/reminders.css?url'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: adminStyles },
  { rel: 'stylesheet', href: remindersStyles },
]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const { intl } = staffLocale(staff, request)
  const rows = await listLatePaymentRates(context.db)
  const today = localDateInTimeZone(context.now(), 'Europe/Paris')
  const current = frenchB2bPenaltyRateFor(today, rateTableOf(rows))
  return {
    canEdit: can(staff.role, 'manage:scenarios'),
    current: current.ok ? { rate: formatBasisPointsAsPercent(current.value.rateBasisPoints, intl), semester: current.value.semester, ecb: formatBasisPointsAsPercent(current.value.ecbRate.rateBasisPoints, intl) } : null,
    empty: rows.length === 0,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      from: r.effectiveFrom,
      rate: formatBasisPointsAsPercent(r.rateBasisPoints, intl),
      nonProfessional: r.nonProfessionalBasisPoints === null ? null : formatBasisPointsAsPercent(r.nonProfessionalBasisPoints, intl),
      semester: r.semester,
      source: r.source,
    })),
    saved: new URL(request.url).searchParams.get('saved') === '1',
  }
}

// A rate typed as a percentage with up to two decimals ("2,15" or "2.15") → basis points.
const percent = z
  .string({ error: 'bo-reminders.error.required' })
  .trim()
  .regex(/^\d{1,3}([.,]\d{1,2})?$/, { error: 'bo-reminders.error.percent' })
  .transform((s) => Math.round(Number(s.replace(',', '.')) * 100))

const Schema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('save'),
    kind: z.enum(['ecb_mro', 'fr_legal'], { error: 'bo-reminders.error.choose' }),
    effectiveFrom: z.string({ error: 'bo-reminders.error.required' }).refine(isLocalDate, { error: 'bo-reminders.error.date' }),
    rate: percent,
    nonProfessional: percent.optional(),
    source: z.url({ error: 'bo-reminders.error.source' }),
  }),
  z.object({ intent: z.literal('seed') }),
])

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:scenarios')
  const submission = parseWithZod(await request.formData(), { schema: Schema })
  if (submission.status !== 'success') return data({ fieldErrors: (submission.error ?? {}) as Record<string, string[]>, formErrors: [] as string[] }, { status: 400 })
  const input = submission.value
  if (input.intent === 'seed') {
    await seedLatePaymentRates(context.db, context.now())
    return redirect('/reminders/rates?saved=1', { status: 303 })
  }
  const result = await saveLatePaymentRate(context.db, {
    kind: input.kind,
    effectiveFrom: input.effectiveFrom,
    rateBasisPoints: input.rate,
    nonProfessionalBasisPoints: input.nonProfessional ?? null,
    source: input.source,
    actor: { id: staff.id, ipAddress: context.clientIp },
    now: context.now(),
  })
  if (!result.ok) return data({ fieldErrors: {} as Record<string, string[]>, formErrors: result.error.map((p) => `bo-reminders.rates.problem.${p.kind}`) }, { status: 422 })
  return redirect('/reminders/rates?saved=1', { status: 303 })
}

export default function Rates() {
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const { t } = useTranslation()
  const err = (name: string) => a?.fieldErrors?.[name]?.[0]
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/reminders">{t('bo-reminders.title')}</Link>
      </p>
      <h1>{t('bo-reminders.rates.title')}</h1>
      <p className="lede">{t('bo-reminders.rates.lede')}</p>
      {d.saved ? (
        <p className="notice success" role="status">
          {t('bo-reminders.rates.saved')}
        </p>
      ) : null}
      {d.current ? <p>{t('bo-reminders.rates.current', d.current)}</p> : null}
      {a?.formErrors?.map((e) => (
        <p key={e} className="form-error" role="alert">
          {t(e)}
        </p>
      ))}
      <div className="table-wrap">
        <table className="compact">
          <caption className="visually-hidden">{t('bo-reminders.rates.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bo-reminders.rates.kind')}</th>
              <th scope="col">{t('bo-reminders.rates.from')}</th>
              <th scope="col" className="num">
                {t('bo-reminders.rates.rate')}
              </th>
              <th scope="col" className="num">
                {t('bo-reminders.rates.nonProfessional')}
              </th>
              <th scope="col">{t('bo-reminders.rates.source')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id}>
                <td>{t(`bo-reminders.rates.kinds.${r.kind}`)}</td>
                <td className="nowrap">
                  {r.from}
                  {r.semester ? <span className="muted"> ({r.semester})</span> : null}
                </td>
                <td className="num">{r.rate}</td>
                <td className="num">{r.nonProfessional ?? '–'}</td>
                <td className="break">
                  <a href={r.source} rel="noreferrer noopener" target="_blank">
                    {r.source}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.canEdit ? (
        <>
          <h2>{t('bo-reminders.rates.add')}</h2>
          <Form method="post" className="form-card" noValidate>
            <input type="hidden" name="intent" value="save" />
            <div className="form-grid">
              <div className="field">
                <label htmlFor="kind">{t('bo-reminders.rates.kind')}</label>
                <select id="kind" name="kind">
                  <option value="ecb_mro">{t('bo-reminders.rates.kinds.ecb_mro')}</option>
                  <option value="fr_legal">{t('bo-reminders.rates.kinds.fr_legal')}</option>
                </select>
              </div>
              {(
                [
                  ['effectiveFrom', 'date'],
                  ['rate', 'text'],
                  ['nonProfessional', 'text'],
                  ['source', 'url'],
                ] as const
              ).map(([name, type]) => (
                <div key={name} className="field">
                  <label htmlFor={name}>{t(`bo-reminders.rates.field.${name}`)}</label>
                  <input id={name} name={name} type={type} aria-invalid={err(name) ? true : undefined} aria-describedby={err(name) ? `${name}-error` : undefined} />
                  {err(name) ? (
                    <p id={`${name}-error`} className="field-error">
                      {t(err(name)!)}
                    </p>
                  ) : null}
                </div>
              ))}
            </div>
            <div className="form-actions">
              <button type="submit" className="button">
                {t('common.save')}
              </button>
            </div>
          </Form>
          {d.empty ? (
            <Form method="post">
              <input type="hidden" name="intent" value="seed" />
              <button type="submit" className="button secondary">
                {t('bo-reminders.rates.seed')}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
    </>
  )
}
