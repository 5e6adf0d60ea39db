// An IANA zone name such as "Europe/Paris", "America/Argentina/Buenos_Aires" or "UTC"; not an offset.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/

let knownZones: Map<string, string> | null = null

/** The runtime's IANA zones, for a picker. ICU lists some under their old names (Asia/Calcutta). */
export function timeZoneNames(): readonly string[] {
  return Intl.supportedValuesOf('timeZone')
}

function resolvedZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

/**
 * The spelling to store for a time zone the runtime knows ("europe/paris" → "Europe/Paris"), or null when it is
 * unknown. Offsets ("+01:00") are refused: they ignore daylight saving time. ICU maps some current names to
 * older ones (Asia/Kolkata → Asia/Calcutta); a name the user typed correctly is kept as typed.
 */
export function canonicalTimeZone(input: string): string | null {
  const name = input.trim()
  if (!ZONE_NAME.test(name)) return null
  const resolved = resolvedZone(name)
  if (!resolved) return null
  knownZones ??= new Map(timeZoneNames().map((zone) => [zone.toLowerCase(), zone]))
  const lower = name.toLowerCase()
  return knownZones.get(lower) ?? (resolved.toLowerCase() === lower ? resolved : name)
}

/** A zone the runtime knows, spelled as it would be stored. */
export function isTimeZone(input: string): boolean {
  return canonicalTimeZone(input) === input
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/**
 * The instant a calendar day starts in a time zone ("2026-03-29" in Europe/Paris → 2026-03-28T23:00:00Z): for
 * date-range filters on timestamps. Where midnight does not exist (a DST jump at 00:00), the first instant after.
 */
export function startOfDayInTimeZone(date: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) throw new Error(`not a LocalDate: "${date}"`)
  const wallClock = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  let instant = wallClock - offsetMs(wallClock, timeZone)
  // Once more with the offset in force at the first guess: right on both sides of a DST change.
  instant = wallClock - offsetMs(instant, timeZone)
  return new Date(instant)
}
