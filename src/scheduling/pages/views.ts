import type { TimeRange } from '../availability.ts'
import type { LinkState, LinkView } from '../../services/self-scheduling.ts'
import { formatDay, formatSpan, formatTime } from '../../lib/time-zones.ts'
import { html, type Markup } from './html.ts'

// The candidate's scheduling pages. Plain HTML forms: they work without
// JavaScript, on a phone, with a keyboard and with a screen reader (one h1,
// a fieldset and legend per day, a label for every control, an alert for what
// went wrong, focus order = reading order).

export interface PageSettings {
  companyName: string
}

const TIME_ZONES = (() => {
  const zones = new Set(Intl.supportedValuesOf('timeZone'))
  zones.add('UTC')
  return [...zones].sort()
})()

function layout(settings: PageSettings, title: string, body: Markup, options: { script?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${title} · ${settings.companyName}</title>
<link rel="stylesheet" href="/schedule/assets/page.css">
${options.script ? html`<script src="/schedule/assets/time-zone.js" defer></script>` : ''}
</head>
<body>
<header class="masthead"><p>${settings.companyName}</p></header>
<main id="main">
${body}
</main>
</body>
</html>
`.value
}

/** The span as the e-mails say it, with the zone's underscores read as spaces. */
export function describeSpan(range: TimeRange, timeZone: string): string {
  return formatSpan(range.startsAt, range.endsAt, timeZone).replaceAll('_', ' ')
}

// The zone shown is always among the options: an alias Intl accepts but does not list (Asia/Kolkata on some Node builds) is added.
function zonePicker(token: string, timeZone: string): Markup {
  return html`<form class="zone" method="get" action="/schedule/${token}" data-zone-form>
<label for="tz">Show times in</label>
<select id="tz" name="tz" autocomplete="off">
${(TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES]).map((zone) => html`<option value="${zone}"${zone === timeZone ? html` selected` : ''}>${zone.replaceAll('_', ' ')}</option>`)}
</select>
<button type="submit">Show times</button>
</form>`
}

function details(view: LinkView): Markup {
  return html`<p class="lede">${view.jobTitle}: ${view.stageName}, ${view.durationMinutes} minutes.</p>`
}

/** The offered times, grouped by the candidate's local day. */
export function pickPage(settings: PageSettings, token: string, view: LinkView, slots: TimeRange[], timeZone: string, alert: string | null): string {
  const days = new Map<string, TimeRange[]>()
  for (const slot of slots) {
    const day = formatDay(slot.startsAt, timeZone)
    days.set(day, [...(days.get(day) ?? []), slot])
  }
  const moving = view.purpose === 'RESCHEDULE'
  const title = moving ? 'Choose a new time for your interview' : 'Choose a time for your interview'
  let n = 0
  const body = html`<h1>${title}</h1>
<p>Hi ${view.candidateFirstName},</p>
${details(view)}
${moving && view.interview ? html`<p>It is now booked for <strong>${describeSpan(view.interview, timeZone)}</strong>. Pick a new time below; the current one stays booked until you do.</p>` : ''}
${alert ? html`<p class="alert" role="alert">${alert}</p>` : ''}
${zonePicker(token, timeZone)}
${slots.length
    ? html`<form method="post" action="/schedule/${token}" class="slots">
<input type="hidden" name="tz" value="${timeZone}">
${[...days].map(([day, daySlots]) => html`<fieldset>
<legend>${day}</legend>
<div class="choices">
${daySlots.map((slot) => {
      const id = `slot-${n++}`
      return html`<div class="choice"><input type="radio" name="startsAt" id="${id}" value="${slot.startsAt.toISOString()}" required><label for="${id}">${formatTime(slot.startsAt, timeZone)}–${formatTime(slot.endsAt, timeZone)}</label></div>`
    })}
</div>
</fieldset>`)}
<p class="note">Times are shown in ${timeZone.replaceAll('_', ' ')}.</p>
<button type="submit" class="primary">${moving ? 'Move my interview to this time' : 'Book this time'}</button>
</form>`
    : html`<p class="alert" role="alert">There are no free times left to choose from. Please reply to the e-mail you received and we will find one with you.</p>`}`
  return layout(settings, title, body, { script: true })
}

/** The booking as it stands: the confirmation after booking, and what a used link shows. */
export function bookedPage(settings: PageSettings, view: LinkView, timeZone: string, justNow: boolean): string {
  const interview = view.interview!
  const title = justNow ? 'Your interview is booked' : 'This link has been used'
  const body = html`<h1>${title}</h1>
<p role="status">Your interview for ${view.jobTitle} (${view.stageName}) is booked for:</p>
<p class="when"><strong>${describeSpan(interview, timeZone)}</strong></p>
${interview.location ? html`<p>Where: ${interview.location}</p>` : ''}
${interview.videoUrl ? html`<p>Video link: ${interview.videoUrl}</p>` : ''}
<p>${justNow ? 'A confirmation e-mail with a calendar invitation is on its way to you. It also has links to change or cancel the time.' : 'Each link works once. The e-mail confirming your booking has links to change or cancel it.'}</p>`
  return layout(settings, title, body)
}

export function cancelPage(settings: PageSettings, token: string, view: LinkView, timeZone: string): string {
  const title = 'Cancel your interview'
  const body = html`<h1>${title}</h1>
<p>Hi ${view.candidateFirstName},</p>
<p>Your interview for ${view.jobTitle} (${view.stageName}) is booked for <strong>${describeSpan(view.interview!, timeZone)}</strong>.</p>
<form method="post" action="/schedule/${token}/cancel">
<label for="reason">Reason (optional)</label>
<textarea id="reason" name="reason" rows="3" maxlength="1000"></textarea>
<button type="submit" class="primary">Cancel the interview</button>
</form>
<p>If you would rather move it, use the "Choose another time" link in your e-mail instead.</p>`
  return layout(settings, title, body)
}

export function cancelledPage(settings: PageSettings, view: LinkView, timeZone: string): string {
  const title = 'Your interview is cancelled'
  const body = html`<h1>${title}</h1>
<p role="status">Your interview for ${view.jobTitle} on ${describeSpan(view.interview!, timeZone)} is cancelled. We have told the interviewers and sent you a calendar cancellation.</p>`
  return layout(settings, title, body)
}

const stateWords: Record<Exclude<LinkState['state'], 'open'>, { title: string; text: string; status: number }> = {
  invalid: { title: 'This link does not work', text: 'The link is incomplete or has been changed. Please open it straight from the e-mail you received, or reply to that e-mail and we will send a new one.', status: 404 },
  expired: { title: 'This link has expired', text: 'The time to use this link is over. Please reply to the e-mail you received and we will send you a new one.', status: 410 },
  revoked: { title: 'This link is no longer valid', text: 'A newer e-mail has replaced it. Please use the link in the most recent e-mail about your interview.', status: 410 },
  used: { title: 'This link has been used', text: 'Each link works once. Please use the links in the most recent e-mail about your interview.', status: 410 },
  closed: { title: 'This link is no longer needed', text: 'Your application has moved on, so there is no interview to schedule with this link. We will contact you about what happens next.', status: 410 },
  unavailable: { title: 'These times are no longer available', text: 'The interview these times were for has changed since we sent you this link, so they can no longer be booked. Nothing has been booked or changed. Please contact the recruiter by replying to the e-mail you received, and we will find a time with you.', status: 410 },
  unmovable: { title: 'This interview can no longer be moved here', text: 'Your interview stays booked as it is: nothing has been changed. To move it, please contact the recruiter by replying to the e-mail you received.', status: 410 },
  cancelled: { title: 'This interview was cancelled', text: 'There is nothing more to do with this link. We will contact you about what happens next.', status: 410 },
}

/** A page for a link that cannot be used, with the HTTP status that fits it. */
export function statePage(settings: PageSettings, state: Exclude<LinkState['state'], 'open'>): { status: number; body: string } {
  const words = stateWords[state]
  return { status: words.status, body: layout(settings, words.title, html`<h1>${words.title}</h1>\n<p>${words.text}</p>`) }
}
