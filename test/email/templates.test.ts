// The e-mail templates: every kind renders both parts from the same words,
// escapes every variable in the HTML, meets basic accessibility, and a job's
// own template is checked before it is stored, previewed, and restored.
import t from 'tap'
import { emailContext, type EmailFacts } from '../../src/email/context.ts'
import { defaultTemplates } from '../../src/email/default-templates.ts'
import { notificationKinds } from '../../src/email/kinds.ts'
import { palette, textPairs } from '../../src/email/layout.ts'
import { renderEmail } from '../../src/email/render.ts'
import { checkTemplate, templateVariables } from '../../src/email/template-source.ts'
import { applied, createCandidate, createJob, plainPlan } from '../applications/fixtures.ts'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'

const hostile = '<img src=x onerror=alert(1)>"&\''
const facts = (text: string): EmailFacts => ({
  recipientName: `${text} Recipient`, recipientTimeZone: 'Europe/Berlin', candidateFirstName: text, candidateLastName: text, jobTitle: text, jobLocation: text,
  applicationId: '01a20000-0000-7000-8000-000000000001', stageName: text,
  interview: { startsAt: new Date('2026-12-01T13:00:00Z'), endsAt: new Date('2026-12-01T14:00:00Z'), timeZone: 'Europe/Berlin', location: text, videoUrl: 'https://meet.example.com/abc?x=1&y=2', rescheduleUrl: null, cancelUrl: null },
  link: { url: 'https://shortlist.example.com/s/abc', expiresAt: new Date('2026-12-08T12:00:00Z') }, panelistName: text,
})
const settings = { COMPANY_NAME: hostile, PUBLIC_URL: 'https://shortlist.example.com' }

t.test('every kind renders a subject, an accessible HTML part and a text part, escaping every variable', async (t) => {
  for (const kind of notificationKinds) {
    const email = renderEmail(kind, defaultTemplates[kind], emailContext(facts(hostile), settings))
    t.ok(email.subject.length > 5 && !/[\r\n]/.test(email.subject), `${kind}: a one-line subject`)
    t.notMatch(email.subject + email.html + email.text, /\{\{|\}\}/, `${kind}: no template syntax left over`)
    t.match(email.html, /^<!doctype html>\n<html lang="en"/, `${kind}: the language is set`)
    t.match(email.html, /<meta name="viewport" content="width=device-width, initial-scale=1">/, `${kind}: sized for a phone`)
    t.notMatch(email.html, /<img/, `${kind}: real text, no images (nothing needs alt text, nothing is lost when images are blocked)`)
    t.notMatch(email.html, /<img src=x|onerror=alert\(1\)>/, `${kind}: no variable arrives as markup`)
    t.match(email.html, /&lt;img src&#x3D;x onerror&#x3D;alert\(1\)&gt;&quot;&amp;&#x27;/, `${kind}: variables are escaped in the HTML`)
    t.match(email.text, /<img src=x onerror=alert\(1\)>"&'/, `${kind}: and kept as typed in the text part`)
    t.ok(email.text.split('\n').every((line) => !/<\/?(p|table|a|br)\b/.test(line)), `${kind}: the text part has no markup of ours`)
  }
})

t.test('text and action colours have a WCAG contrast of at least 4.5:1', async (t) => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
  }
  for (const [fg, bg] of textPairs) {
    const [l1, l2] = [luminance(palette[fg]), luminance(palette[bg])].sort((a, b) => b - a)
    const ratio = (l1! + 0.05) / (l2! + 0.05)
    t.ok(ratio >= 4.5, `${fg} on ${bg}: ${ratio.toFixed(2)}:1`)
  }
})

t.test('interview times are given in the reader\'s zone, named; links only when they are web links', async (t) => {
  const context = emailContext(facts('Ada'), settings)
  t.equal(context.interview?.when, 'Tuesday, 1 December 2026, 14:00–15:00 (Europe/Berlin)')
  t.equal(context.interview?.duration, '60 minutes')
  const sneaky = emailContext({ ...facts('Ada'), interview: { ...facts('Ada').interview!, videoUrl: 'javascript:alert(1)' } }, settings)
  t.equal(sneaky.interview?.videoUrl, null, 'a javascript: URL is dropped')
  t.equal(context.application.url, 'https://shortlist.example.com/applications/01a20000-0000-7000-8000-000000000001')
})

t.test('a job template is checked: known variables, if/unless, and nothing unescaped', async (t) => {
  const ok = { subject: 'Hello {{candidate.firstName}}', html: '<p>{{#if interview}}{{interview.when}}{{else}}soon{{/if}}</p>', text: '{{#unless stage}}x{{/unless}}' }
  t.same(checkTemplate(ok), [])
  t.match(checkTemplate({ ...ok, html: '<p>{{{candidate.firstName}}}</p>' }), [{ part: 'html', message: /unescaped/ }])
  t.match(checkTemplate({ ...ok, html: '<p>{{& candidate.firstName}}</p>' }), [{ part: 'html', message: /unescaped/ }])
  t.match(checkTemplate({ ...ok, subject: '{{candidate.email}}' }), [{ part: 'subject', message: /unknown variable candidate\.email/ }])
  t.match(checkTemplate({ ...ok, text: '{{lookup candidate "firstName"}}' }), [{ part: 'text', message: /helper/ }])
  t.match(checkTemplate({ ...ok, html: '{{#each candidate}}x{{/each}}' }), [{ part: 'html', message: /#each/ }])
  t.match(checkTemplate({ ...ok, html: '{{> header}}' }), [{ part: 'html', message: /partials are not available/ }])
  t.match(checkTemplate({ ...ok, html: '{{constructor.constructor}}' }), [{ part: 'html', message: /unknown variable/ }], 'no prototype walking')
  t.match(checkTemplate({ ...ok, html: '<p>{{#if job}}</p>' }), [{ part: 'html', message: /Parse error|doesn't match|Expecting/ }])
  const nested = (depth: number) => '{{#if job}}'.repeat(depth) + 'x' + '{{/if}}'.repeat(depth)
  t.same(checkTemplate({ ...ok, html: nested(16) }), [], 'blocks nested 16 deep are fine')
  t.match(checkTemplate({ ...ok, html: nested(1500) }), [{ part: 'html', message: /nested more than 16 deep/ }], 'deeper would not render: refused before it is stored')
  for (const kind of notificationKinds) t.same(checkTemplate(defaultTemplates[kind]), [], `the default ${kind} passes its own check`)
  t.ok(templateVariables.length >= 15)
})

t.test('over the API: a job overrides a template, previews it, and restores the default', async (t) => {
  const { app } = await buildTestApp(t)
  const [recruiter, interviewer, manager] = [await createUser(app, 'RECRUITER'), await createUser(app, 'INTERVIEWER'), await createUser(app, 'HIRING_MANAGER')]
  const job = await createJob(app, { plan: plainPlan, team: [{ user: manager, role: 'HIRING_MANAGER' }] })
  const candidate = await createCandidate(app, { firstName: '<b>Bold</b>' })
  const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  const url = `/jobs/${job.id}/email-templates/REJECTION`
  const body = { subject: 'About {{job.title}}', html: '<p>Dear {{candidate.firstName}}, thank you.</p>', text: 'Dear {{candidate.firstName}}, thank you.' }

  const bad = await app.inject({ method: 'PUT', url, headers: bearer(recruiter), payload: { ...body, html: '<p>{{{candidate.firstName}}}</p>' } })
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(bad.json(), { errors: [{ pointer: '/body/html', detail: /unescaped/ }] }, 'refused, saying where and why')
  t.equal(await app.db.emailTemplateOverride.count(), 0, 'and nothing stored')
  t.equal((await app.inject({ method: 'PUT', url: `/jobs/${job.id}/email-templates/NOT_A_KIND`, headers: bearer(recruiter), payload: body })).statusCode, 400)
  t.equal((await app.inject({ method: 'PUT', url, headers: bearer(interviewer), payload: body })).statusCode, 403, 'interviewers do not edit templates')

  t.equal((await app.inject({ method: 'PUT', url, headers: bearer(recruiter), payload: body })).statusCode, 204)
  const list = (await app.inject({ method: 'GET', url: `/jobs/${job.id}/email-templates`, headers: bearer(recruiter) })).json()
  t.equal(list.items.length, 16, 'every kind is listed')
  t.match(list.items.find((i: { kind: string }) => i.kind === 'REJECTION'), { overridden: true, audience: 'candidate', optional: false, subject: body.subject })
  t.match(list.items.find((i: { kind: string }) => i.kind === 'OFFER'), { overridden: false, updatedAt: null })

  const preview = await app.inject({ method: 'GET', url: `/applications/${application.id}/emails/REJECTION/preview`, headers: bearer(manager) })
  t.equal(preview.statusCode, 200)
  const p = preview.json()
  t.match(p, { kind: 'REJECTION', overridden: true, subject: `About ${job.title}` })
  t.match(p.html, /Dear &lt;b&gt;Bold&lt;\/b&gt;, thank you\./, "the preview uses the job's template, escaped")
  t.match(p.text, /Dear <b>Bold<\/b>, thank you\./)
  t.equal(await app.db.notification.count(), 0, 'a preview sends nothing')

  const team = (await app.inject({ method: 'GET', url: `/applications/${application.id}/emails/SCORECARD_DUE/preview`, headers: bearer(manager) })).json()
  t.match(team, { to: manager.email, overridden: false, subject: /^Scorecard due: &lt;b&gt;|^Scorecard due: <b>Bold<\/b> Lovelace/ }, 'a team e-mail previews as sent to me')
  const interview = (await app.inject({ method: 'GET', url: `/applications/${application.id}/emails/INTERVIEW_INVITATION/preview`, headers: bearer(recruiter) })).json()
  t.match(interview, { sample: true }, 'without an interview, sample details stand in, flagged')

  const outsider = await createUser(app, 'HIRING_MANAGER')
  t.equal((await app.inject({ method: 'GET', url: `/applications/${application.id}/emails/REJECTION/preview`, headers: bearer(outsider) })).statusCode, 404, "another team's application is not found")

  t.equal((await app.inject({ method: 'DELETE', url, headers: bearer(recruiter) })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url, headers: bearer(recruiter) })).statusCode, 404, 'nothing left to restore')
  const restored = (await app.inject({ method: 'GET', url: `/applications/${application.id}/emails/REJECTION/preview`, headers: bearer(recruiter) })).json()
  t.match(restored, { overridden: false, subject: `Your application for ${job.title}` })
  t.equal(await app.db.auditEvent.count({ where: { action: { startsWith: 'email_template.' } } }), 2, 'both changes are audited')
})
