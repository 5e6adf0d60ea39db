import { invariant } from '../shared/invariant'

export type InvoiceAmounts = {
  totalMinor: number
  paidMinor: number
  creditedMinor: number
  writtenOffMinor: number
}

export function settledMinor(a: InvoiceAmounts): number {
  const settled = a.paidMinor + a.creditedMinor + a.writtenOffMinor
  invariant(
    [a.paidMinor, a.creditedMinor, a.writtenOffMinor, settled].every(Number.isSafeInteger),
    'invoice amounts must be safe integers',
  )
  return settled
}

// What the debtor still owes. An overpayment belongs in a separate credit, so a negative balance is a bug.
export function remainingMinor(a: InvoiceAmounts): number {
  invariant(Number.isSafeInteger(a.totalMinor), `totalMinor must be a safe integer, got ${a.totalMinor}`)
  const settled = settledMinor(a)
  const remaining = a.totalMinor - settled
  invariant(remaining >= 0, `invoice is over-settled: total ${a.totalMinor}, settled ${settled}`)
  return remaining
}
