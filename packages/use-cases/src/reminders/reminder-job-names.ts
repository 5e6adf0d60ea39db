/** The reminder engine's background jobs, by name (one queue, whatever runs it: PostgreSQL or BullMQ). */
export const PLAN_REMINDERS_JOB = 'reminders.plan'
export const SEND_REMINDER_JOB = 'reminders.send'
export const REMINDER_JOB_NAMES = [PLAN_REMINDERS_JOB, SEND_REMINDER_JOB] as const
