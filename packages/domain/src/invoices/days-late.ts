import { daysBetween } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'

// Penalties run from the day after the due date (C. com. L441-10 II): due yesterday is one day late.
export function daysLate(dueDate: LocalDate, today: LocalDate): number {
  return Math.max(0, daysBetween(dueDate, today))
}
