import type { Config } from '../config.ts'
import { calendarInvite } from '../calendar/ics.ts'
import type { DeliveryFacts } from './delivery-facts.ts'
import { kindPolicies } from './kinds.ts'
import { parseAddress } from './transport.ts'

// MAIL_FROM is one setting per process: its name and address are parsed once.
let organizer: { from: string; person: { name: string; email: string } } | null = null

/**
 * The RFC 5545 file for an interview e-mail, as nodemailer's `icalEvent`
 * (a text/calendar alternative with its method, which calendar clients act
 * on). One UID per interview for its whole life; the SEQUENCE is the one the
 * e-mail describes, so the invitation, each update and the cancellation
 * arrive in order even when read out of order.
 */
export function calendarAttachment(n: DeliveryFacts, subject: string, config: Pick<Config, 'MAIL_FROM' | 'COMPANY_NAME'>) {
  const method = kindPolicies[n.kind].calendar
  const interview = n.facts.interview
  if (!method || !n.calendar || !interview) return null
  if (organizer?.from !== config.MAIL_FROM) organizer = { from: config.MAIL_FROM, person: parseAddress(config.MAIL_FROM, config.COMPANY_NAME) }
  const content = calendarInvite({
    method,
    uid: n.calendar.uid,
    sequence: n.calendar.sequence,
    startsAt: interview.startsAt,
    endsAt: interview.endsAt,
    timeZone: interview.timeZone,
    summary: `Interview: ${n.facts.candidateFirstName} ${n.facts.candidateLastName} — ${n.facts.jobTitle}${n.facts.stageName ? ` (${n.facts.stageName})` : ''}`.replace(/\s+/g, ' ').trim(),
    description: subject,
    location: interview.location,
    url: interview.videoUrl,
    organizer: organizer.person,
    attendees: n.calendar.attendees,
    stamp: new Date(),
    productName: config.COMPANY_NAME,
  })
  return { method, filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics', content }
}
