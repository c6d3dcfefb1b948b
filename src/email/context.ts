import type { Config } from '../config.ts'

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
          duration: `${Math.round((facts.interview.endsAt.getTime() - facts.interview.startsAt.getTime()) / 60_000)} minutes`,
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

/** "Tuesday, 1 December 2026, 14:00–15:00 (Europe/Berlin)": the reader's own zone, named. */
function formatSpan(start: Date, end: Date, timeZone: string): string {
  const { day, time } = formatters(timeZone)!
  return `${day.format(start)}, ${time.format(start)}–${time.format(end)} (${timeZone})`
}

function formatInstant(at: Date, timeZone: string): string {
  return `${formatters(timeZone)!.instant.format(at)} (${timeZone})`
}

// Building an Intl.DateTimeFormat costs far more than using one (it was a
// tenth of the sender's CPU), and e-mails go to a handful of zones: the
// formatters are made once per zone. Null for a name Intl does not know.
const byZone = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat; instant: Intl.DateTimeFormat } | null>()

function formatters(timeZone: string) {
  let entry = byZone.get(timeZone)
  if (entry === undefined) {
    try {
      entry = {
        day: new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone }),
        time: new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone }),
        instant: new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }),
      }
    } catch {
      entry = null
    }
    // Zone names come from data people typed: bound the cache.
    if (byZone.size > 1000) byZone.clear()
    byZone.set(timeZone, entry)
  }
  return entry
}

const usableTimeZone = (zone: string | null | undefined): string | null => (zone && formatters(zone) ? zone : null)

/** Only http(s) links become links: a `javascript:` URL typed into an interview must not reach an inbox as one. */
export function webUrl(value: string | null): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null
  } catch {
    return null
  }
}
