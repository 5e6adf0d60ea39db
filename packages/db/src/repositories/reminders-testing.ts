import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../client'

/**
 * TEMPORARY, for tests only, until the reminders migration is generated on top of the payments one (0004): creates
 * the reminder tables from the SQL drizzle-kit generates for schema/reminders.ts, when they are not there yet.
 */
export async function ensureRemindersSchemaForTests(db: Db, migrationSql: string): Promise<void> {
  const [row] = await queryRows<{ present: boolean }>(db, sql`select to_regclass('public.reminder_actions') is not null as present`)
  if (row?.present) return
  for (const statement of migrationSql.split('--> statement-breakpoint')) {
    if (statement.trim()) await db.execute(sql.raw(statement))
  }
}
