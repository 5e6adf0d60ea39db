import { daysLate } from './days-late'
import type { LocalDate } from '../dates/local-date'

export const AGING_BUCKETS = ['not_due', '1_30', '31_60', '61_90', '90_plus'] as const
export type AgingBucket = (typeof AGING_BUCKETS)[number]

export function agingBucket(dueDate: LocalDate, today: LocalDate): AgingBucket {
  const days = daysLate(dueDate, today)
  if (days === 0) return 'not_due'
  if (days <= 30) return '1_30'
  if (days <= 60) return '31_60'
  if (days <= 90) return '61_90'
  return '90_plus'
}
