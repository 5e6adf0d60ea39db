import { addMoney, money } from './money'
import type { Money } from './money'

// One total per currency, sorted by code so screens and exports are stable; currencies are never mixed.
export function totalsByCurrency<T>(items: readonly T[], pick: (item: T) => Money): Money[] {
  const totals = new Map<string, Money>()
  for (const item of items) {
    const amount = pick(item)
    const current = totals.get(amount.currency) ?? money(0, amount.currency)
    totals.set(amount.currency, addMoney(current, amount))
  }
  return [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
}
