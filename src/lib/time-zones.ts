// Dates as people read them, in their own zone: the e-mails and the
// candidate pages say times the same way, through the same formatters.
import { boundedMemo } from './bounded-memo.ts'

interface ZoneFormatters {
  day: Intl.DateTimeFormat
  time: Intl.DateTimeFormat
  instant: Intl.DateTimeFormat
}

// Building an Intl.DateTimeFormat costs far more than using one (it was a
// tenth of the e-mail sender's CPU), and people are in a handful of zones: the
// formatters are made once per zone. Null for a name Intl does not know.
const formatters = boundedMemo((timeZone): ZoneFormatters | null => {
  try {
    return {
      day: new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone }),
      time: new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone }),
      instant: new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }),
    }
  } catch {
    return null
  }
})

/** Whether Intl knows the zone (an IANA name or an alias of one). */
export const isKnownTimeZone = (zone: string): boolean => formatters(zone) !== null

/** The zone if Intl knows it, else null. */
export const usableTimeZone = (zone: string | null | undefined): string | null => (zone && formatters(zone) ? zone : null)

/** "Tuesday 1 December 2026" in the zone. */
export const formatDay = (at: Date, timeZone: string) => formatters(timeZone)!.day.format(at)

/** "14:00" in the zone. */
export const formatTime = (at: Date, timeZone: string) => formatters(timeZone)!.time.format(at)

/** "Tuesday 1 December 2026, 14:00–15:00 (Europe/Berlin)": the reader's own zone, named. */
export function formatSpan(start: Date, end: Date, timeZone: string): string {
  return `${formatDay(start, timeZone)}, ${formatTime(start, timeZone)}–${formatTime(end, timeZone)} (${timeZone})`
}

export function formatInstant(at: Date, timeZone: string): string {
  return `${formatters(timeZone)!.instant.format(at)} (${timeZone})`
}
