/** "552 100 554" → "552100554": spaces, dots and dashes are how people write it, not part of it. */
export function normalizeSiren(input: string): string {
  return input.replace(/[\s.\-\u00a0\u202f]/g, '')
}

/** The Luhn checksum used by SIREN and SIRET numbers: every second digit from the right is doubled. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/** A French company number (INSEE SIREN): exactly nine digits passing the Luhn check. Expects a normalized value. */
export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && passesLuhn(siren)
}

/** "552100554" → "552 100 554", the way it is printed on French invoices. */
export function formatSiren(siren: string): string {
  return /^\d{9}$/.test(siren) ? `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}` : siren
}
