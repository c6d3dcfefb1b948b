/**
 * RFC 5545 calendar files for interview e-mails: the text/calendar part sent
 * with nodemailer's `icalEvent`, which calendar clients turn into an
 * invitation (METHOD:REQUEST) or take out again (METHOD:CANCEL). The same UID
 * throughout an interview's life and a rising SEQUENCE let a client apply an
 * update or a cancellation to the event it already has.
 *
 * ical-generator writes the lines (escaping, folding at 75 octets) and
 * @touch4it/ical-timezones the VTIMEZONE. Three things are done here because
 * the libraries do not:
 * - times go in as luxon DateTimes: a native Date with a zone is written in
 *   the server's own local time, not the zone's;
 * - the calendar's zone name stays null, or DTSTAMP is written as a local time
 *   without its Z; the zone goes on the event (DTSTART;TZID=…) and the
 *   generator still adds the matching VTIMEZONE;
 * - the packaged VTIMEZONEs are from tzdata 2018g (Mexico, Brazil, Iran and
 *   others have changed since), so a zone is written only when its VTIMEZONE
 *   gives the offset that Intl gives at the start and the end, and neither
 *   falls in the hour repeated when clocks go back. Otherwise, and for 'UTC'
 *   or a zone either side does not know, times are written in UTC with a Z:
 *   the same instant, shown in the reader's own zone.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import { DateTime } from 'luxon'
import { webUrl } from '../lib/web-url.ts'
import { boundedMemo } from '../lib/bounded-memo.ts'

export interface CalendarPerson { name: string; email: string }

export interface CalendarInvite {
  method: 'REQUEST' | 'CANCEL'
  /** Stable across changes. */
  uid: string
  /** Raised on each change. */
  sequence: number
  startsAt: Date
  endsAt: Date
  /** IANA zone the event is written in (DTSTART;TZID=...), e.g. 'Europe/Berlin'. */
  timeZone: string
  summary: string
  description: string
  location: string | null
  /** Video link; only http(s) URLs are written. */
  url: string | null
  organizer: CalendarPerson
  attendees: CalendarPerson[]
  /** DTSTAMP. */
  stamp: Date
  /** E.g. the company name, used in PRODID. */
  productName: string
}

export function calendarInvite(invite: CalendarInvite): string {
  const zone = writableZone(invite.timeZone, [invite.startsAt, invite.endsAt])
  if (/[\x00-\x1f\x7f]/.test(invite.uid)) throw new RangeError('calendar UID with a control character')
  const calendar = ical({
    prodId: { company: oneLine(invite.productName) || 'Shortlist', product: 'Interviews' },
    method: invite.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: null, generator: (tz) => (tz === zone ? vtimezoneOf(tz) : null) },
  })
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    stamp: invite.stamp,
    start: DateTime.fromJSDate(invite.startsAt, { zone: 'UTC' }),
    end: DateTime.fromJSDate(invite.endsAt, { zone: 'UTC' }),
    timezone: zone,
    status: invite.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    summary: invite.summary,
    description: invite.description || null,
    location: invite.location || null,
    url: webLink(invite.url),
    organizer: { name: paramText(invite.organizer.name) || invite.organizer.email, email: invite.organizer.email },
    attendees: invite.attendees.map((a) => ({
      name: paramText(a.name) || null,
      email: a.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    })),
  })
  return calendar.toString() + '\r\n' // ical-generator leaves the last line without its CRLF
}

/** The zone to write DTSTART/DTEND in, or null for UTC. */
function writableZone(zone: string, instants: Date[]): string | null {
  if (zone === 'UTC') return null
  const vtimezone = vtimezoneOf(zone)
  if (!vtimezone || /^TZID:(.*)$/m.exec(vtimezone)?.[1]?.trim() !== zone) return null
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset
  for (const at of instants) {
    const intl = DateTime.fromJSDate(at, { zone })
    if (!intl.isValid || vtimezoneOffset(vtimezone, at) !== intl.offset) return null
    // A wall-clock time in the hour repeated when clocks go back names two instants, and readers differ on which.
    const twice = [-3, 3].some((hours) => {
      const other = offsetAt(at.getTime() + hours * 3_600_000)
      return other !== intl.offset && offsetAt(at.getTime() + (intl.offset - other) * 60_000) === other
    })
    if (twice) return null
  }
  return zone
}

// The package reads its VTIMEZONE files from disk on every call, and each
// interview e-mail asks twice: read once per zone per process.
const vtimezoneOf = boundedMemo((zone): string | null => getVtimezoneComponent(zone) ?? null)

const weekdays = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']

/**
 * The UTC offset in minutes that a packaged VTIMEZONE gives at an instant, or
 * null for a shape it does not use. Its observances are a DTSTART, optionally
 * repeated by FREQ=YEARLY;BYMONTH=m;BYDAY=nDD, as every file in the package is.
 */
function vtimezoneOffset(vtimezone: string, at: Date): number | null {
  let latest: { onset: number; offset: number } | null = null
  for (const block of vtimezone.match(/BEGIN:(STANDARD|DAYLIGHT)[\s\S]*?END:\1/g) ?? []) {
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(block)?.[1]?.trim() ?? ''
    const from = utcOffset(field('TZOFFSETFROM'))
    const to = utcOffset(field('TZOFFSETTO'))
    const start = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)$/.exec(field('DTSTART'))?.slice(1).map(Number)
    const rule = field('RRULE')
    const yearly = /^FREQ=YEARLY;BYMONTH=(\d\d?);BYDAY=(-?[1-4])(SU|MO|TU|WE|TH|FR|SA)$/.exec(rule)
    if (from === null || to === null || !start || (rule && !yearly)) return null
    const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = start
    const localOnsets = yearly
      ? [-1, 0, 1].map((y) => {
          const onsetYear = at.getUTCFullYear() + y
          const onsetMonth = Number(yearly[1])
          return Date.UTC(onsetYear, onsetMonth - 1, nthWeekday(onsetYear, onsetMonth, Number(yearly[2]), weekdays.indexOf(yearly[3] ?? '')), hour, minute, second)
        })
      : [Date.UTC(year, month - 1, day, hour, minute, second)]
    for (const local of localOnsets) {
      const onset = local - from * 60_000
      if (onset <= at.getTime() && (!latest || onset > latest.onset)) latest = { onset, offset: to }
    }
  }
  return latest?.offset ?? null
}

/** Day of the month of the n-th (from the end when negative) weekday of a month (1-12). */
function nthWeekday(year: number, month: number, n: number, weekday: number): number {
  if (n > 0) return 1 + ((weekday - new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 7) % 7) + (n - 1) * 7
  const last = new Date(Date.UTC(year, month, 0))
  return last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7) + (n + 1) * 7
}

/** '+0130' as 90, '-0500' as -300. */
function utcOffset(value: string): number | null {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(value)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null
}

/** The URL if it is http(s), with the two characters a URI value may not carry unescaped (ical-generator would backslash them). */
const webLink = (url: string | null): string | null => webUrl(url)?.replace(/[,;]/g, (c) => encodeURIComponent(c)) ?? null

function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim()
}

/** A CN parameter is quoted, so it can hold neither a double quote nor a line break (RFC 5545 §3.1). */
function paramText(text: string): string {
  return oneLine(text).replaceAll('"', "'")
}
