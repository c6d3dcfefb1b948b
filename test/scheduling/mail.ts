// Reading what the scheduling e-mails delivered: the messages to one address,
// in arrival order, and their calendar file read by an independent parser
// (Mozilla's ical.js, not the library that wrote it).
import ICAL from 'ical.js'
import type { ParsedMail } from 'mailparser'
import type { SmtpSink } from '../helpers/smtp-sink.ts'
import { eventually } from '../helpers/waiting.ts'

/** Waits for `count` messages to `address` and answers them parsed, oldest first. */
export async function mailsTo(sink: SmtpSink, address: string | null, count: number): Promise<ParsedMail[]> {
  if (!address) throw new Error('no address to wait for')
  const raw = await eventually(`${count} e-mails to ${address}`, async () => {
    const mine = sink.received.filter((m) => m.envelopeTo.includes(address!))
    return mine.length >= count ? mine : undefined
  })
  return Promise.all(raw.map((m) => sink.parse(m)))
}

export interface CalendarSummary {
  method: string
  uid: string
  sequence: number
  status: string
  start: string
  end: string
  tzid: string | null
  organizer: string
  attendees: string[]
}

/** The calendar file of a message, parsed; throws when there is none. */
export async function calendarOf(mail: ParsedMail): Promise<CalendarSummary> {
  const part = mail.attachments.find((a) => /^(text\/calendar|application\/ics)/.test(a.contentType))
  if (!part) throw new Error(`no calendar file in "${mail.subject}"`)
  const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')))
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone))
  const vevent = calendar.getFirstSubcomponent('vevent')!
  const event = new ICAL.Event(vevent)
  const dtstart = vevent.getFirstProperty('dtstart')!
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: String(vevent.getFirstPropertyValue('status')),
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    tzid: (dtstart.getParameter('tzid') as string | undefined) ?? null,
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    attendees: vevent.getAllProperties('attendee').map((a) => String(a.getFirstValue())),
  }
}

/** Waits for the `nth` message to `address` whose subject matches, and answers it parsed. */
export async function mailWithSubject(sink: SmtpSink, address: string | null, subject: RegExp, nth = 1): Promise<ParsedMail> {
  if (!address) throw new Error('no address to wait for')
  return eventually(`e-mail ${nth} to ${address} matching ${subject}`, async () => {
    const parsed = await Promise.all(sink.received.filter((m) => m.envelopeTo.includes(address)).map((m) => sink.parse(m)))
    return parsed.filter((m) => subject.test(m.subject ?? ''))[nth - 1]
  })
}

/** How many messages to `address` have a matching subject (0 while none). */
export async function countWithSubject(sink: SmtpSink, address: string | null, subject: RegExp): Promise<number> {
  const parsed = await Promise.all(sink.received.filter((m) => m.envelopeTo.includes(address ?? '')).map((m) => sink.parse(m)))
  return parsed.filter((m) => subject.test(m.subject ?? '')).length
}
