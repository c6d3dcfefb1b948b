import type { Config } from '../config.ts'
import { formatInstant, formatSpan, usableTimeZone } from '../lib/time-zones.ts'
import { minutesBetween } from '../lib/time.ts'
import { webUrl } from '../lib/web-url.ts'

/** What a template can say, all of it: `templateVariables` lists the paths. Null where a kind has none. */
export interface EmailContext {
  company: { name: string }
  recipient: { name: string; firstName: string }
  candidate: { firstName: string; fullName: string }
  job: { title: string; location: string | null }
  stage: { name: string } | null
  interview: {
    when: string; duration: string; location: string | null; videoUrl: string | null; timeZone: string
    /** The candidate's own links to move or cancel it (candidate e-mails, while it is scheduled). */
    rescheduleUrl: string | null; cancelUrl: string | null
  } | null
  link: { url: string; expires: string } | null
  application: { url: string }
  panelist: { name: string } | null
}

/** The facts an e-mail is rendered from, as read from the database. */
export interface EmailFacts {
  recipientName: string
  /** The recipient's time zone, for times in the e-mail; the interview's when unknown. */
  recipientTimeZone: string | null
  candidateFirstName: string
  candidateLastName: string
  jobTitle: string
  jobLocation: string | null
  applicationId: string
  stageName: string | null
  interview: {
    startsAt: Date; endsAt: Date; timeZone: string; location: string | null; videoUrl: string | null
    rescheduleUrl: string | null; cancelUrl: string | null
  } | null
  link: { url: string; expiresAt: Date } | null
  panelistName: string | null
}

export function emailContext(facts: EmailFacts, settings: Pick<Config, 'COMPANY_NAME' | 'PUBLIC_URL'>): EmailContext {
  const timeZone = usableTimeZone(facts.recipientTimeZone) ?? usableTimeZone(facts.interview?.timeZone) ?? 'UTC'
  return {
    company: { name: settings.COMPANY_NAME },
    recipient: { name: facts.recipientName, firstName: facts.recipientName.split(/\s+/)[0] ?? facts.recipientName },
    candidate: { firstName: facts.candidateFirstName, fullName: `${facts.candidateFirstName} ${facts.candidateLastName}`.trim() },
    job: { title: facts.jobTitle, location: facts.jobLocation },
    stage: facts.stageName ? { name: facts.stageName } : null,
    interview: facts.interview
      ? {
          when: formatSpan(facts.interview.startsAt, facts.interview.endsAt, timeZone),
          duration: `${minutesBetween(facts.interview.startsAt, facts.interview.endsAt)} minutes`,
          location: facts.interview.location,
          videoUrl: webUrl(facts.interview.videoUrl),
          timeZone,
          rescheduleUrl: facts.interview.rescheduleUrl,
          cancelUrl: facts.interview.cancelUrl,
        }
      : null,
    link: facts.link ? { url: facts.link.url, expires: formatInstant(facts.link.expiresAt, timeZone) } : null,
    application: { url: new URL(`/applications/${facts.applicationId}`, settings.PUBLIC_URL).toString() },
    panelist: facts.panelistName ? { name: facts.panelistName } : null,
  }
}
