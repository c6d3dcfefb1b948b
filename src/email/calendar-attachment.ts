import type { Config } from '../config.ts'
import { calendarInvite } from '../calendar/ics.ts'
import type { NotificationKind } from '../generated/prisma/enums.ts'
import { webUrl } from './context.ts'
import type { DeliveryFacts } from './delivery-facts.ts'
import { parseAddress } from './transport.ts'

/** The e-mails that carry a calendar file, and its METHOD. Reminders do not: the event is already in the calendar. */
const calendarMethod: Partial<Record<NotificationKind, 'REQUEST' | 'CANCEL'>> = {
  INTERVIEW_INVITATION: 'REQUEST',
  INTERVIEW_UPDATE: 'REQUEST',
  INTERVIEW_CANCELLATION: 'CANCEL',
  TEAM_INTERVIEW_INVITATION: 'REQUEST',
  TEAM_INTERVIEW_UPDATE: 'REQUEST',
  TEAM_INTERVIEW_CANCELLATION: 'CANCEL',
}

/**
 * The RFC 5545 file for an interview e-mail, as nodemailer's `icalEvent`
 * (a text/calendar alternative with its method, which calendar clients act
 * on). One UID per interview for its whole life; the SEQUENCE is the one the
 * e-mail describes, so the invitation, each update and the cancellation
 * arrive in order even when read out of order.
 */
export function calendarAttachment(n: DeliveryFacts, subject: string, config: Pick<Config, 'MAIL_FROM' | 'COMPANY_NAME'>) {
  const method = calendarMethod[n.kind]
  const interview = n.facts.interview
  if (!method || !n.calendar || !interview) return null
  const organizer = parseAddress(config.MAIL_FROM, config.COMPANY_NAME)
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
    url: webUrl(interview.videoUrl),
    organizer,
    attendees: n.calendar.attendees,
    stamp: new Date(),
    productName: config.COMPANY_NAME,
  })
  return { method, filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics', content }
}
