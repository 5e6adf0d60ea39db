import type { AppLoadContext } from '@remix-run/node'
import { localDateInTimeZone, type LocalDate } from '@quittance/domain/dates/local-date'

/** "Today" is the creditor's calendar day, not the server's. */
export function todayFor(context: AppLoadContext, timeZone: string): LocalDate {
  return localDateInTimeZone(context.now(), timeZone)
}
