import { addDays, isLocalDate } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'
import { invariant } from '../shared/invariant'

export type PublicHoliday = { date: LocalDate; name: string }

// 'fr' is the national list of C. trav. L3133-1; Alsace-Moselle adds Good Friday and St Stephen's Day
// (L3134-13).
export const HOLIDAY_CALENDARS = ['none', 'fr', 'fr-alsace-moselle'] as const
export type HolidayCalendar = (typeof HOLIDAY_CALENDARS)[number]

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** Gregorian Easter Sunday (anonymous algorithm, Meeus/Jones/Butcher): integer arithmetic only. */
export function easterSunday(year: number): LocalDate {
  invariant(
    Number.isSafeInteger(year) && year >= 1583 && year <= 9999,
    `no Gregorian Easter for year ${year}`,
  )
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${pad(month)}-${pad(day)}`
}

/**
 * The public holidays (jours fériés) of a year, in date order. Easter Sunday and Whit Sunday are Sundays
 * anyway.
 */
export function frenchPublicHolidays(
  year: number,
  calendar: 'fr' | 'fr-alsace-moselle' = 'fr',
): PublicHoliday[] {
  const easter = easterSunday(year)
  const fixed = (month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`
  const holidays: PublicHoliday[] = [
    { date: fixed(1, 1), name: "Jour de l'an" },
    { date: addDays(easter, 1), name: 'Lundi de Pâques' },
    { date: fixed(5, 1), name: 'Fête du Travail' },
    { date: fixed(5, 8), name: 'Victoire 1945' },
    { date: addDays(easter, 39), name: 'Ascension' },
    // Whit Monday is often the "journée de solidarité", but it stays a public holiday: no reminders.
    { date: addDays(easter, 50), name: 'Lundi de Pentecôte' },
    { date: fixed(7, 14), name: 'Fête nationale' },
    { date: fixed(8, 15), name: 'Assomption' },
    { date: fixed(11, 1), name: 'Toussaint' },
    { date: fixed(11, 11), name: 'Armistice 1918' },
    { date: fixed(12, 25), name: 'Noël' },
  ]
  if (calendar === 'fr-alsace-moselle') {
    holidays.push(
      { date: addDays(easter, -2), name: 'Vendredi saint' },
      { date: fixed(12, 26), name: 'Saint-Étienne' },
    )
  }
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
}

const holidaySets = new Map<string, ReadonlySet<LocalDate>>()

export function isPublicHoliday(date: LocalDate, calendar: HolidayCalendar): boolean {
  invariant(isLocalDate(date), `not a LocalDate: "${date}"`)
  if (calendar === 'none') return false
  const year = Number(date.slice(0, 4))
  const id = `${calendar}:${year}`
  let set = holidaySets.get(id)
  if (set === undefined) {
    set = new Set(frenchPublicHolidays(year, calendar).map((h) => h.date))
    holidaySets.set(id, set)
  }
  return set.has(date)
}
