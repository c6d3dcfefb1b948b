// The calendar file attached to interview e-mails, read back by an independent
// parser (Mozilla's ical.js) the way a calendar client would: METHOD, UID,
// SEQUENCE and STATUS; the organizer and attendees; DTSTART/DTEND in the
// interview's zone with its VTIMEZONE, giving the same instant on either side
// of a daylight-saving change; UTC when the zone cannot be written; text that
// round-trips; lines folded at 75 octets and ended by CRLF.
import t from 'tap'
import ICAL from 'ical.js'
import { calendarInvite, type CalendarInvite } from '../../src/calendar/ics.ts'

const invite = (overrides: Partial<CalendarInvite> = {}): CalendarInvite => ({
  method: 'REQUEST',
  uid: 'interview-7f3c2a@shortlist.example',
  sequence: 3,
  startsAt: new Date('2026-06-15T12:30:00Z'), // 14:30 in Berlin (CEST)
  endsAt: new Date('2026-06-15T13:15:00Z'),
  timeZone: 'Europe/Berlin',
  summary: 'Interview: Ada Lovelace — Back-end developer',
  description: 'Technical interview',
  location: 'Room 4.12',
  url: 'https://meet.example.com/abc-defg-hij',
  organizer: { name: 'Acme Recruiting', email: 'jobs@acme.example' },
  attendees: [
    { name: 'Ada Lovelace', email: 'ada@example.com' },
    { name: 'Grace Hopper', email: 'grace@acme.example' },
  ],
  stamp: new Date('2026-06-01T09:08:07Z'),
  productName: 'Acme & <Co>',
  ...overrides,
})

/** Parses with ical.js. The time-zone service is emptied first, so a TZID resolves only through the file's own VTIMEZONE. */
function parse(ics: string) {
  ICAL.TimezoneService.reset()
  const calendar = new ICAL.Component(ICAL.parse(ics))
  const vevents = calendar.getAllSubcomponents('vevent')
  const vevent = vevents[0]
  if (!vevent) throw new Error('no VEVENT')
  return { calendar, vevents, vevent, event: new ICAL.Event(vevent) }
}

/** A VEVENT property's content line as written, unfolded. */
function line(ics: string, name: string): string | undefined {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n')
  return lines.slice(lines.indexOf('BEGIN:VEVENT')).find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))
}

const param = (prop: ICAL.Property | null, name: string) => prop?.getParameter(name)
const text = (prop: ICAL.Property | null) => String(prop?.getFirstValue())

t.test('a REQUEST: method, UID, sequence, status, texts, organizer and attendees, times in the zone with its VTIMEZONE', async (t) => {
  const input = invite()
  const ics = calendarInvite(input)
  const { calendar, vevents, vevent, event } = parse(ics)

  t.equal(calendar.getFirstPropertyValue('method'), 'REQUEST')
  t.equal(calendar.getFirstPropertyValue('version'), '2.0')
  t.match(calendar.getFirstPropertyValue('prodid'), /Acme & <Co>/, 'PRODID names the product')
  t.equal(vevents.length, 1, 'one VEVENT')
  t.equal(event.uid, 'interview-7f3c2a@shortlist.example')
  t.equal(event.sequence, 3)
  t.equal(vevent.getFirstPropertyValue('status'), 'CONFIRMED')
  t.equal(event.summary, 'Interview: Ada Lovelace — Back-end developer')
  t.equal(event.description, 'Technical interview')
  t.equal(event.location, 'Room 4.12')
  t.equal(vevent.getFirstPropertyValue('url'), 'https://meet.example.com/abc-defg-hij')

  const organizer = vevent.getFirstProperty('organizer')
  t.equal(text(organizer).toLowerCase(), 'mailto:jobs@acme.example')
  t.equal(param(organizer, 'cn'), 'Acme Recruiting')

  const attendees = event.attendees
  t.same(attendees.map((a) => text(a).toLowerCase()), ['mailto:ada@example.com', 'mailto:grace@acme.example'])
  t.same(attendees.map((a) => param(a, 'cn')), ['Ada Lovelace', 'Grace Hopper'])
  for (const a of attendees) {
    t.equal(param(a, 'role'), 'REQ-PARTICIPANT', `${text(a)} is a required participant`)
    t.equal(param(a, 'partstat'), 'NEEDS-ACTION', `${text(a)} has not answered`)
    t.equal(param(a, 'rsvp'), 'TRUE', `${text(a)} is asked to answer`)
  }

  t.equal(param(vevent.getFirstProperty('dtstart'), 'tzid'), 'Europe/Berlin')
  t.equal(param(vevent.getFirstProperty('dtend'), 'tzid'), 'Europe/Berlin')
  t.equal(line(ics, 'DTSTART'), 'DTSTART;TZID=Europe/Berlin:20260615T143000', 'the Berlin wall-clock time')
  t.equal(line(ics, 'DTEND'), 'DTEND;TZID=Europe/Berlin:20260615T151500')
  t.same(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')), ['Europe/Berlin'], 'the VTIMEZONE for it')
  t.equal(event.startDate.zone.tzid, 'Europe/Berlin', 'ical.js resolved the TZID through the VTIMEZONE')
  t.equal(event.startDate.toJSDate().toISOString(), input.startsAt.toISOString(), 'DTSTART is the same instant')
  t.equal(event.endDate.toJSDate().toISOString(), input.endsAt.toISOString(), 'DTEND is the same instant')

  t.equal(line(ics, 'DTSTAMP'), 'DTSTAMP:20260601T090807Z', 'DTSTAMP is in UTC')
  const stamp = vevent.getFirstPropertyValue('dtstamp') as ICAL.Time
  t.equal(stamp.toJSDate().toISOString(), input.stamp.toISOString())
})

t.test('either side of a daylight-saving change the wall-clock time and the instant are right', async (t) => {
  const cases = [
    { zone: 'Europe/Berlin', startsAt: '2026-03-28T09:00:00Z', local: '20260328T100000' }, // CET, +01:00
    { zone: 'Europe/Berlin', startsAt: '2026-03-30T08:00:00Z', local: '20260330T100000' }, // CEST, +02:00
    { zone: 'America/New_York', startsAt: '2026-10-31T14:00:00Z', local: '20261031T100000' }, // EDT, -04:00
    { zone: 'America/New_York', startsAt: '2026-11-02T15:00:00Z', local: '20261102T100000' }, // EST, -05:00
  ]
  for (const c of cases) {
    const startsAt = new Date(c.startsAt)
    const endsAt = new Date(startsAt.getTime() + 60 * 60_000)
    const ics = calendarInvite(invite({ timeZone: c.zone, startsAt, endsAt }))
    const { event } = parse(ics)
    t.equal(line(ics, 'DTSTART'), `DTSTART;TZID=${c.zone}:${c.local}`, `${c.zone} ${c.startsAt}: 10:00 local`)
    t.equal(line(ics, 'DTEND'), `DTEND;TZID=${c.zone}:${c.local.replace('T10', 'T11')}`, `${c.zone} ${c.startsAt}: ends 11:00 local`)
    t.equal(event.startDate.zone.tzid, c.zone)
    t.equal(event.startDate.toJSDate().toISOString(), startsAt.toISOString(), `${c.zone} ${c.startsAt}: the start instant`)
    t.equal(event.endDate.toJSDate().toISOString(), endsAt.toISOString(), `${c.zone} ${c.startsAt}: the end instant`)
  }
})

t.test('a CANCEL: METHOD:CANCEL, STATUS:CANCELLED, the same UID, the sequence given', async (t) => {
  const request = parse(calendarInvite(invite({ sequence: 0 })))
  const cancel = parse(calendarInvite(invite({ method: 'CANCEL', sequence: 4 })))
  t.equal(cancel.calendar.getFirstPropertyValue('method'), 'CANCEL')
  t.equal(cancel.vevent.getFirstPropertyValue('status'), 'CANCELLED')
  t.equal(cancel.event.uid, request.event.uid, 'the UID of the event it cancels')
  t.equal(cancel.event.uid, 'interview-7f3c2a@shortlist.example')
  t.equal(cancel.event.sequence, 4)
  t.equal(request.event.sequence, 0)
  t.equal(cancel.vevents.length, 1)
})

t.test('text with commas, semicolons, line breaks, quotes and non-ASCII round-trips; only http(s) links are written', async (t) => {
  const summary = 'Interview, round 2; "final" — Zoë Ünal'
  const description = 'Hello Zoë,\nbring: ID; laptop, charger.\r\nAsk for "Ms. O\'Neil" \\ reception.'
  const location = 'Hauptstraße 5, 3. OG; Raum "Süd"'
  const ics = calendarInvite(invite({ summary, description, location, attendees: [{ name: 'Zoë "Zo" Ünal, PhD', email: 'zoe@example.com' }] }))
  const { vevent, event } = parse(ics)
  t.equal(event.summary, summary)
  t.equal(event.description, description.replace('\r\n', '\n'), 'line breaks come back as LF')
  t.equal(event.location, location)
  t.equal(line(ics, 'SUMMARY'), 'SUMMARY:Interview\\, round 2\\; "final" — Zoë Ünal', 'commas and semicolons are escaped as written')
  t.match(line(ics, 'DESCRIPTION'), /^DESCRIPTION:Hello Zoë\\,\\nbring: ID\\; laptop\\, charger\.\\nAsk/, 'line breaks as \\n')
  t.equal(param(event.attendees[0] ?? null, 'cn'), "Zoë 'Zo' Ünal, PhD", 'a CN cannot hold a double quote: it becomes a single one')

  for (const url of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<b>x</b>', 'not a url', '']) {
    const withLink = parse(calendarInvite(invite({ url })))
    t.notOk(withLink.vevent.hasProperty('url'), `no URL for ${JSON.stringify(url)}`)
  }
  t.notOk(parse(calendarInvite(invite({ url: null }))).vevent.hasProperty('url'), 'no URL for null')
  t.notOk(parse(calendarInvite(invite({ location: null }))).vevent.hasProperty('location'), 'no LOCATION for null')

  const link = parse(calendarInvite(invite({ url: 'https://meet.example.com/j/123?pwd=a,b;c' }))).vevent.getFirstPropertyValue('url')
  t.equal(new URL(String(link)).searchParams.get('pwd'), 'a,b;c', 'a link with a comma and a semicolon still leads to the same place')
  t.equal(vevent.getFirstPropertyValue('url'), 'https://meet.example.com/abc-defg-hij')
})

t.test('UTC, an unknown zone, a zone whose packaged rules are out of date and the repeated hour are written in UTC', async (t) => {
  const cases = [
    { zone: 'UTC', startsAt: '2026-06-15T12:30:00Z', why: 'UTC' },
    { zone: 'Mars/Olympus', startsAt: '2026-06-15T12:30:00Z', why: 'unknown to both' },
    { zone: 'Not a zone', startsAt: '2026-06-15T12:30:00Z', why: 'not a zone name' },
    // The package's VTIMEZONE (tzdata 2018g) still has daylight saving time; Mexico dropped it in 2022.
    { zone: 'America/Mexico_City', startsAt: '2026-07-15T16:00:00Z', why: 'rules out of date' },
    // 02:30 on 25 October 2026 happens twice in Berlin; this is the first (CEST).
    { zone: 'Europe/Berlin', startsAt: '2026-10-25T00:30:00Z', why: 'the repeated hour' },
  ]
  for (const c of cases) {
    const startsAt = new Date(c.startsAt)
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    let ics = ''
    t.doesNotThrow(() => { ics = calendarInvite(invite({ timeZone: c.zone, startsAt, endsAt })) }, `${c.zone} does not throw`)
    const { calendar, vevent, event } = parse(ics)
    const utc = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, '')
    t.equal(line(ics, 'DTSTART'), `DTSTART:${utc(startsAt)}`, `${c.zone} (${c.why}): DTSTART in UTC with Z`)
    t.equal(line(ics, 'DTEND'), `DTEND:${utc(endsAt)}`, `${c.zone} (${c.why}): DTEND in UTC with Z`)
    t.equal(param(vevent.getFirstProperty('dtstart'), 'tzid'), undefined, `${c.zone}: no TZID`)
    t.equal(calendar.getAllSubcomponents('vtimezone').length, 0, `${c.zone}: no VTIMEZONE`)
    t.equal(event.startDate.zone.tzid, 'UTC')
    t.equal(event.startDate.toJSDate().toISOString(), startsAt.toISOString(), `${c.zone}: the start instant`)
    t.equal(event.endDate.toJSDate().toISOString(), endsAt.toISOString(), `${c.zone}: the end instant`)
  }
})

t.test('lines are folded at 75 octets without splitting a character, and every line ends with CRLF', async (t) => {
  const summary = 'Interview: Zoë Ünal-Øster — Senior Back-end developer (Platform, Payments; Berlin) 🚀 '.repeat(3).trim()
  const description = 'Ünïcödé '.repeat(40) + '\n' + 'emoji 😀'.repeat(20)
  const ics = calendarInvite(invite({ summary, description, attendees: [{ name: 'Zoë Ünal-Øster von und zu Hohenzollern-Sigmaringen', email: 'zoe.uenal-oester@example.com' }] }))
  t.ok(ics.endsWith('\r\n'), 'the last line ends with CRLF too')
  const lines = ics.slice(0, -2).split('\r\n')
  t.same(lines.filter((l) => /[\r\n]/.test(l)), [], 'no bare CR or LF')
  t.same(lines.filter((l) => Buffer.byteLength(l, 'utf8') > 75), [], 'no line longer than 75 octets')
  t.same(lines.filter((l) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(l)), [], 'no character split across lines')
  t.ok(lines.filter((l) => l.startsWith(' ')).length >= 6, 'the long lines were folded')
  t.equal(lines[0], 'BEGIN:VCALENDAR')
  t.equal(lines.at(-1), 'END:VCALENDAR')
  const { event } = parse(ics)
  t.equal(event.summary, summary, 'the folded summary unfolds to the same text')
  t.equal(event.description, description)
  t.equal(param(event.attendees[0] ?? null, 'cn'), 'Zoë Ünal-Øster von und zu Hohenzollern-Sigmaringen')
})
