import { isPublicHoliday } from './french-public-holidays'
import type { HolidayCalendar } from './french-public-holidays'
import { addDays, daysBetween, isLocalDate } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'
import { invariant } from '../shared/invariant'
import { memoizeFormatter } from '../shared/memoize-formatter'

/** ISO 8601 weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

/**
 * When messages may leave, on the debtor's wall clock: the listed weekdays, from `startHour` (inclusive) to
 * `endHour` (exclusive, 24 = midnight), in an IANA time zone, never on the calendar's public holidays.
 */
export type SendWindow = {
  weekdays: readonly IsoWeekday[]
  startHour: number
  endHour: number
  timeZone: string
  holidays: HolidayCalendar
}

export type SendWindowProblem = 'no-weekdays' | 'invalid-weekday' | 'invalid-hours' | 'unknown-time-zone'

const MS_PER_MINUTE = 60_000
const MS_PER_DAY = 86_400_000
// A year and a bit: enough for any window with at least one weekday, even across a run of holidays.
const MAX_DAYS_AHEAD = 400

export function isoWeekday(date: LocalDate): IsoWeekday {
  // 1970-01-05 was a Monday.
  return ((((daysBetween('1970-01-05', date) % 7) + 7) % 7) + 1) as IsoWeekday
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

export function sendWindowProblems(window: SendWindow): SendWindowProblem[] {
  const problems: SendWindowProblem[] = []
  if (window.weekdays.length === 0) problems.push('no-weekdays')
  if (window.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) problems.push('invalid-weekday')
  const { startHour, endHour } = window
  if (
    !Number.isInteger(startHour) ||
    !Number.isInteger(endHour) ||
    startHour < 0 ||
    endHour > 24 ||
    startHour >= endHour
  ) {
    problems.push('invalid-hours')
  }
  if (!isKnownTimeZone(window.timeZone)) problems.push('unknown-time-zone')
  return problems
}

const wallClockFormatter = memoizeFormatter(
  (timeZone) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
)

type WallClock = { date: LocalDate; hour: number; minute: number; second: number }

function wallClock(instant: Date, timeZone: string): WallClock {
  invariant(!Number.isNaN(instant.getTime()), 'instant is an invalid Date')
  const parts = wallClockFormatter(timeZone).formatToParts(instant)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return {
    date: `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`,
    hour: Number(part('hour')),
    minute: Number(part('minute')),
    second: Number(part('second')),
  }
}

function wallClockAsUtcMs(w: WallClock): number {
  const instant = new Date(0)
  instant.setUTCFullYear(
    Number(w.date.slice(0, 4)),
    Number(w.date.slice(5, 7)) - 1,
    Number(w.date.slice(8, 10)),
  )
  instant.setUTCHours(w.hour, w.minute, w.second, 0)
  return instant.getTime()
}

// The zone's offset from UTC at an instant, in ms (Paris in summer: +7 200 000).
function offsetMs(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000
  return wallClockAsUtcMs(wallClock(new Date(whole), timeZone)) - whole
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a DST jump (02:30 on the last Sunday of
 * March in Paris) moves forward by the jump; a time that happens twice (02:30 in late October) takes the
 * first. This is what Temporal calls the "compatible" disambiguation.
 */
export function zonedInstant(date: LocalDate, hour: number, timeZone: string, minute = 0): Date {
  invariant(isLocalDate(date), `not a LocalDate: "${date}"`)
  invariant(Number.isInteger(hour) && hour >= 0 && hour <= 24, `hour must be 0-24, got ${hour}`)
  const asUtc =
    wallClockAsUtcMs({ date, hour: 0, minute: 0, second: 0 }) +
    hour * 60 * MS_PER_MINUTE +
    minute * MS_PER_MINUTE
  // Every offset in force around that day: a transition is never more than a day away from the wall time.
  const offsets = [...new Set([-MS_PER_DAY, 0, MS_PER_DAY].map((shift) => offsetMs(asUtc + shift, timeZone)))]
  const consistent = offsets.map((o) => asUtc - o).filter((t) => offsetMs(t, timeZone) === asUtc - t)
  if (consistent.length > 0) return new Date(Math.min(...consistent))
  // In a DST gap: read the wall time with the offset from before the jump, which lands just after it.
  const before = offsetMs(asUtc - MS_PER_DAY, timeZone)
  return new Date(asUtc - before)
}

/** The calendar date on the window's wall clock at an instant. */
export function windowDate(now: Date, window: Pick<SendWindow, 'timeZone'>): LocalDate {
  return wallClock(now, window.timeZone).date
}

export function isSendDay(date: LocalDate, window: SendWindow): boolean {
  return window.weekdays.includes(isoWeekday(date)) && !isPublicHoliday(date, window.holidays)
}

export function isWithinWindow(now: Date, window: SendWindow): boolean {
  const wall = wallClock(now, window.timeZone)
  return isSendDay(wall.date, window) && wall.hour >= window.startHour && wall.hour < window.endHour
}

/**
 * The first instant at or after `now` inside the window: `now` itself when it is inside, otherwise the start
 * hour of the next allowed day (which may be today, before the window opens).
 */
export function nextSendMoment(now: Date, window: SendWindow): Date {
  invariant(
    sendWindowProblems(window).length === 0,
    `invalid send window: ${sendWindowProblems(window).join(', ')}`,
  )
  const wall = wallClock(now, window.timeZone)
  if (isSendDay(wall.date, window)) {
    if (wall.hour >= window.startHour && wall.hour < window.endHour) return now
    if (wall.hour < window.startHour) return zonedInstant(wall.date, window.startHour, window.timeZone)
  }
  for (let days = 1; days <= MAX_DAYS_AHEAD; days++) {
    const date = addDays(wall.date, days)
    if (isSendDay(date, window)) return zonedInstant(date, window.startHour, window.timeZone)
  }
  throw new Error(`Invariant failed: no send day within ${MAX_DAYS_AHEAD} days of ${wall.date}`)
}
