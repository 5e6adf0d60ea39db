/**
 * Expected strings, computed with Intl independently of the portal's own formatting code. French amounts carry a
 * narrow no-break space between thousands and a no-break space before the symbol; the tests compare them exactly.
 */
export function amount(intlLocale: string, currency: string, minor: number): string {
  return new Intl.NumberFormat(intlLocale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(minor / 100)
}
