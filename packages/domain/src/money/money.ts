import { isCurrencyCode } from './currencies'
import { invariant } from '../shared/invariant'

// Integer minor units in a number: it survives JSON (bigint does not) and Number.isSafeInteger guards precision.
export type Money = { amountMinor: number; currency: string }

export function money(amountMinor: number, currency: string): Money {
  invariant(Number.isSafeInteger(amountMinor), `amountMinor must be a safe integer, got ${amountMinor}`)
  invariant(/^[A-Z]{3}$/.test(currency) && isCurrencyCode(currency), `unknown currency code "${currency}"`)
  // `+ 0` turns -0 into 0, so equal amounts stay equal under Object.is and in JSON.
  return { amountMinor: amountMinor + 0, currency }
}

function assertSameCurrency(a: Money, b: Money): void {
  invariant(a.currency === b.currency, `cannot combine ${a.currency} with ${b.currency}`)
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b)
  return money(a.amountMinor + b.amountMinor, a.currency)
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b)
  return money(a.amountMinor - b.amountMinor, a.currency)
}

// The currency is explicit so that an empty list still has one.
export function sumMoney(items: readonly Money[], currency: string): Money {
  let total = money(0, currency)
  for (const item of items) {
    invariant(item.currency === currency, `cannot add ${item.currency} to a ${currency} sum`)
    total = addMoney(total, item)
  }
  return total
}

export function isZero(m: Money): boolean {
  return m.amountMinor === 0
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b)
  if (a.amountMinor < b.amountMinor) return -1
  if (a.amountMinor > b.amountMinor) return 1
  return 0
}

// Largest-remainder method: every part gets floor(total × weight / Σweights), then the cents left over go to the
// largest remainders, earliest index first on ties. BigInt keeps total × weight exact beyond 2^53.
export function allocateLargestRemainder(total: Money, weights: readonly number[]): Money[] {
  money(total.amountMinor, total.currency)
  invariant(weights.length > 0, 'allocation needs at least one weight')
  invariant(
    weights.every((w) => Number.isSafeInteger(w) && w >= 0),
    'allocation weights must be non-negative safe integers',
  )
  invariant(
    weights.some((w) => w > 0),
    'allocation needs at least one positive weight',
  )

  // Allocating the absolute value and negating keeps the same tie-breaking for refunds and credits.
  const sign = total.amountMinor < 0 ? -1 : 1
  const amount = BigInt(Math.abs(total.amountMinor))
  const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n)

  const shares = weights.map((w, index) => {
    const scaled = amount * BigInt(w)
    return { index, floor: scaled / weightSum, remainder: scaled % weightSum }
  })
  const leftover = Number(amount - shares.reduce((sum, s) => sum + s.floor, 0n))

  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  )
  const extra = new Set(byRemainder.slice(0, leftover).map((s) => s.index))

  return shares.map((s) => money(sign * (Number(s.floor) + (extra.has(s.index) ? 1 : 0)), total.currency))
}

export function splitEvenly(total: Money, parts: number): Money[] {
  invariant(Number.isSafeInteger(parts) && parts > 0, `parts must be a positive integer, got ${parts}`)
  return allocateLargestRemainder(total, new Array<number>(parts).fill(1))
}
