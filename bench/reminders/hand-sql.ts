import type { Scenario } from '@quittance/domain/reminders/scenario'

/**
 * One hand-written SQL statement selecting the day's due actions of a fresh portfolio under the default assignment
 * (consumers on the B2C scenario, everyone else on the B2B one): per open invoice, the most advanced step falling
 * due within the catch-up limit (and the steps sharing its date), honouring the minimum amounts, the pre-due rule,
 * pauses and the step history; grouped per customer, contact, currency and step. It leaves out what SQL does badly
 * (send windows, previous-step chains, event tracks, the minimum gap): the floor the planner is compared to.
 */
export function handSql(scenarios: (Scenario & { key: string })[], entityId: string, today: string): string {
  const steps = scenarios.flatMap((s) =>
    s.steps
      .filter((step) => (step.anchor === 'due-date' || step.anchor === 'issue-date') && step.channel !== 'sms')
      .map((step) => ({ scenario: s.key, step: step.key, offset: step.offsetDays, channel: step.channel, anchor: step.anchor, minEur: step.conditions.minimumAmountMinorByCurrency.EUR ?? null, catchUp: s.maxCatchUpDays })),
  )
  const values = steps
    .map((s) => `('${s.scenario}', '${s.step}', ${s.offset}, '${s.channel}', '${s.anchor}', ${s.minEur ?? 'null'}, ${s.catchUp})`)
    .join(',\n       ')
  return `
with steps(scenario_key, step_key, offset_days, channel, anchor, min_eur, catch_up) as (values
       ${values}),
open_invoices as (
  select i.id, i.customer_id, i.currency, i.issue_date, i.due_date,
         i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor as remaining,
         case when c.kind = 'consumer' then 'default-fr-b2c' else 'default-fr-b2b' end as scenario_key
    from invoices i join customers c on c.id = i.customer_id
   where i.entity_id = '${entityId}' and i.total_minor > i.paid_minor + i.credited_minor + i.written_off_minor
     and (c.reminders_paused_until is null or c.reminders_paused_until < date '${today}')
),
candidates as (
  select o.*, s.step_key, s.channel,
         (case when s.anchor = 'due-date' then o.due_date else o.issue_date end) + s.offset_days as step_date
    from open_invoices o join steps s on s.scenario_key = o.scenario_key
   where (case when s.anchor = 'due-date' then o.due_date else o.issue_date end) + s.offset_days
           between date '${today}' - s.catch_up and date '${today}'
     and not (s.anchor = 'due-date' and s.offset_days < 0 and date '${today}' > o.due_date)
     and (s.min_eur is null or o.currency <> 'EUR' or o.remaining >= s.min_eur)
     and not exists (select 1 from reminder_step_history h where h.invoice_id = o.id and h.step_key = s.step_key)
),
latest as (select *, max(step_date) over (partition by id) as latest_date from candidates)
select l.customer_id, l.step_key, l.currency, ct.id as contact_id, count(*) as invoices, sum(l.remaining) as total
  from latest l
  left join lateral (select id from contacts where customer_id = l.customer_id and deleted_at is null
                      and (l.channel <> 'email' or email is not null) order by is_primary desc, created_at, id limit 1) ct
         on l.channel not in ('phone-task', 'manual-task')
 where l.step_date = l.latest_date
 group by l.customer_id, l.step_key, l.currency, ct.id`
}
